import { inject, injectable } from 'inversify';
import { LinkModel, type LinkModels } from '../../friends';
import { CurrentModels } from './current-models';

export const LINK_MODEL = 'links';

/**
 * The friends module's LinkModels port, served from the same model registry as the moderation
 * models: data/models/links/CURRENT, reloaded within ML_RELOAD_MS of `ml promote links vN`.
 */
@injectable()
export class CurrentLinkModel implements LinkModels {
  constructor(@inject(CurrentModels) private readonly models: CurrentModels) {}

  current(): Promise<LinkModel | undefined> {
    return this.models.getAs(LINK_MODEL, LinkModel.parse);
  }
}
