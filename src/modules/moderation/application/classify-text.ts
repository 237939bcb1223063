import { inject, injectable } from 'inversify';
import { verdictOf, type PolicyMode, type Verdict } from '../domain/policy';
import { ReviewErrors } from '../domain/review';
import { MODERATION_SETTINGS, type ModerationSettings } from './chat-policies';
import { CurrentModels } from './current-models';
import { SPAM_MODEL } from './screen-message';

export interface Classification {
  readonly scores: { readonly spam: number };
  readonly models: readonly { name: string; version: string; thresholds: { flag: number; hold: number } }[];
  /** What the deployment's policy would decide (a chat's override may differ). */
  readonly policy: PolicyMode;
  readonly verdict: Verdict;
}

/** Scores a text with the current models, as a send would (admin tool; nothing is stored). */
@injectable()
export class ClassifyText {
  constructor(
    @inject(CurrentModels) private readonly models: CurrentModels,
    @inject(MODERATION_SETTINGS) private readonly settings: ModerationSettings,
  ) {}

  async execute(text: string): Promise<Classification> {
    const model = await this.models.get(SPAM_MODEL);
    if (!model) throw ReviewErrors.noModel(SPAM_MODEL);
    const spam = model.score(text);
    return {
      scores: { spam },
      models: [{ name: model.name, version: model.version, thresholds: { ...model.thresholds } }],
      policy: this.settings.policy,
      verdict: verdictOf(this.settings.policy, spam, model.thresholds),
    };
  }
}
