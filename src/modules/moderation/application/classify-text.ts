import { inject, injectable } from 'inversify';
import { moreSevere, verdictOf, type PolicyMode, type Verdict } from '../domain/policy';
import { ReviewErrors } from '../domain/review';
import { MODERATION_SETTINGS, type ModerationSettings } from './chat-policies';
import { CurrentModels } from './current-models';
import { SCREEN_MODELS } from './screen-message';

export interface Classification {
  readonly scores: Readonly<Record<string, number>>;
  readonly models: readonly { name: string; version: string; thresholds: { flag: number; hold: number } }[];
  /** What the deployment's policy would decide (a chat's override may differ). */
  readonly policy: PolicyMode;
  readonly verdict: Verdict;
  readonly reasons: readonly string[];
}

/** Scores a text with the current models, as a send would (admin tool; nothing is stored). */
@injectable()
export class ClassifyText {
  constructor(
    @inject(CurrentModels) private readonly models: CurrentModels,
    @inject(MODERATION_SETTINGS) private readonly settings: ModerationSettings,
  ) {}

  async execute(text: string): Promise<Classification> {
    const policy = this.settings.policy;
    const scores: Record<string, number> = {};
    const models: Classification['models'][number][] = [];
    const reasons: string[] = [];
    let verdict: Verdict = 'allow';
    for (const name of SCREEN_MODELS) {
      const model = await this.models.get(name);
      if (!model) continue;
      const score = model.score(text);
      const own = verdictOf(policy, score, model.thresholds);
      scores[name] = score;
      models.push({ name: model.name, version: model.version, thresholds: { ...model.thresholds } });
      if (own !== 'allow') reasons.push(name);
      verdict = moreSevere(verdict, own);
    }
    if (models.length === 0) throw ReviewErrors.noModel(SCREEN_MODELS.join(' or '));
    return { scores, models, policy, verdict, reasons };
  }
}
