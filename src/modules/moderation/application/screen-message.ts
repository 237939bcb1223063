import { inject, injectable } from 'inversify';
import { LOGGER, type Logger } from '../../../platform/logger';
import type { MessageScreen, MessageScreening, ScreenInput } from '../../chats';
import { verdictOf } from '../domain/policy';
import { ChatPolicies } from './chat-policies';
import { CurrentModels } from './current-models';
import { MODERATION_METRICS, type ModerationMetrics } from './ports';

export const SPAM_MODEL = 'spam';

/**
 * Scores each sent or edited body with the current spam model, in-process (microseconds), and
 * applies the chat's policy. Flag and hold verdicts ride on the message's event; the review queue
 * is built from the log (QueueForReviewOnMessageEvents). Never fails a send: without a model, or
 * on any error, the message is allowed and the error logged.
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
      const model = await this.models.get(SPAM_MODEL);
      if (!model) return { verdict: 'allow' };
      const started = process.hrtime.bigint();
      const spam = model.score(input.body);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const verdict = verdictOf(mode, spam, model.thresholds);
      const version = `${model.name}/${model.version}`;
      this.metrics.scored(version, seconds, verdict);
      if (verdict === 'allow') return { verdict };
      return {
        verdict,
        facts: {
          verdict,
          scores: { spam },
          models: [version],
          policy: mode,
          ...(verdict === 'hold' ? { heldBody: input.body } : {}),
        },
      };
    } catch (error) {
      this.logger.error('moderation failed; the message is allowed', { chatId: input.chatId, error });
      return { verdict: 'allow' };
    }
  }
}
