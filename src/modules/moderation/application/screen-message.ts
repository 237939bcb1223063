import { inject, injectable } from 'inversify';
import { LOGGER, type Logger } from '../../../platform/logger';
import type { MessageModerationFacts, MessageScreen, MessageScreening, ScreenInput } from '../../chats';
import { moreSevere, verdictOf, type Verdict } from '../domain/policy';
import { ChatPolicies } from './chat-policies';
import { CurrentModels } from './current-models';
import { MODERATION_METRICS, type ModerationMetrics } from './ports';

export const SPAM_MODEL = 'spam';
export const ABUSE_MODEL = 'abuse';
/** The text models every sent and edited body is scored by (those promoted; docs/decisions/0042). */
export const SCREEN_MODELS = [SPAM_MODEL, ABUSE_MODEL] as const;

/**
 * The facts on a flagged or held message's event. `reasons` names the models whose own thresholds
 * the verdict came from (the queue shows it); it rides on the event as the chats module passes the
 * facts through verbatim.
 */
export type ScreenFacts = MessageModerationFacts & { readonly reasons: readonly string[] };

/**
 * Scores each sent or edited body with every promoted text model (spam, abuse), in-process
 * (microseconds each), and applies the chat's policy to each model's score against that model's
 * thresholds; the most severe verdict wins. Flag and hold verdicts ride on the message's event;
 * the review queue is built from the log (QueueForReviewOnMessageEvents). Never fails a send:
 * without a model, or on any error, the message is allowed and the error logged.
 */
@injectable()
export class ScreenMessage implements MessageScreen {
  constructor(
    @inject(CurrentModels) private readonly models: CurrentModels,
    @inject(ChatPolicies) private readonly policies: ChatPolicies,
    @inject(MODERATION_METRICS) private readonly metrics: ModerationMetrics,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  async screen(input: ScreenInput): Promise<MessageScreening> {
    try {
      const { mode } = await this.policies.effective(input.chatId);
      if (mode === 'off') return { verdict: 'allow' };
      const scores: Record<string, number> = {};
      const versions: string[] = [];
      const reasons: string[] = [];
      let verdict: Verdict = 'allow';
      for (const name of SCREEN_MODELS) {
        const model = await this.models.get(name);
        if (!model) continue;
        const started = process.hrtime.bigint();
        const score = model.score(input.body);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const own = verdictOf(mode, score, model.thresholds);
        const version = `${model.name}/${model.version}`;
        this.metrics.scored(version, seconds, own);
        scores[name] = score;
        versions.push(version);
        if (own !== 'allow') reasons.push(name);
        verdict = moreSevere(verdict, own);
      }
      if (verdict === 'allow') return { verdict };
      const facts: ScreenFacts = {
        verdict,
        scores,
        models: versions,
        policy: mode,
        reasons,
        ...(verdict === 'hold' ? { heldBody: input.body } : {}),
      };
      return { verdict, facts };
    } catch (error) {
      this.logger.error('moderation failed; the message is allowed', { chatId: input.chatId, error });
      return { verdict: 'allow' };
    }
  }
}
