import { inject, injectable, optional } from 'inversify';
import { LOGGER, type Logger } from '../../../platform/logger';
import type { LinkModel } from '../domain/link-model';
import type { Suggestion } from '../domain/model';
import { FRIEND_DISCOVERY, LINK_MODELS, type FriendDiscovery, type LinkModels } from './ports';

/** Suggestions and what ranked them: `formula` or the model version (`links/v1`). */
export interface RankedSuggestions {
  readonly items: Suggestion[];
  readonly ranker: string;
}

/**
 * "People you may know": friends of friends and members of shared group chats, each with its
 * reasons. Ranked by the promoted link-prediction model when there is one (docs/decisions/0041),
 * else by mutualCount + 0.5 x sharedChats (docs/decisions/0008). A model that cannot be loaded
 * never fails the request: the formula ranks and the error is logged.
 */
@injectable()
export class SuggestFriends {
  constructor(
    @inject(FRIEND_DISCOVERY) private readonly discovery: FriendDiscovery,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(LINK_MODELS) @optional() private readonly models?: LinkModels,
  ) {}

  async execute(userId: string, limit: number): Promise<RankedSuggestions> {
    const model = await this.model();
    const items = await this.discovery.suggestions(userId, limit, model);
    return { items, ranker: model ? `${model.name}/${model.version}` : 'formula' };
  }

  private async model(): Promise<LinkModel | undefined> {
    try {
      return await this.models?.current();
    } catch (error) {
      this.logger.error('link model unavailable; suggestions ranked by the formula', { error });
      return undefined;
    }
  }
}
