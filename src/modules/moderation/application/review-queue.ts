import { inject, injectable } from 'inversify';
import { AppError } from '../../../platform/errors';
import { MESSAGE_MODERATION, type ChatActor, type MessageModeration } from '../../chats';
import { ReviewErrors, type ReviewEntry } from '../domain/review';
import { REVIEW_STORE, type ReviewStore } from './ports';

/**
 * The admins' review queue. Approve: a held message's body is released to the chat (a flagged one
 * was delivered already). Reject: the message is removed (a tombstone). Either way the decision is
 * stored on the entry, which makes it a training label.
 */
@injectable()
export class ReviewQueue {
  constructor(
    @inject(REVIEW_STORE) private readonly reviews: ReviewStore,
    @inject(MESSAGE_MODERATION) private readonly messages: MessageModeration,
  ) {}

  /** Pending entries, oldest first, after the `after` position; `more` says whether a next page exists. */
  async pending(
    after: { at: string; id: string } | undefined,
    limit: number,
  ): Promise<{ items: ReviewEntry[]; more: boolean }> {
    const items = await this.reviews.pending(after && { createdAt: after.at, id: after.id }, limit + 1);
    return { items: items.slice(0, limit), more: items.length > limit };
  }

  async approve(actor: ChatActor, id: string): Promise<ReviewEntry> {
    const entry = await this.pendingEntry(id);
    if (entry.verdict === 'hold') {
      // A message edited (or deleted) since is no longer held: nothing to release, the label stands.
      await this.messages.release(actor, entry.chatId, entry.messageId, entry.text).catch((error: unknown) => {
        if (!(error instanceof AppError && error.code === 'MESSAGE.CONFLICT')) throw error;
      });
    }
    return this.decide(actor, entry, 'approved');
  }

  async reject(actor: ChatActor, id: string): Promise<ReviewEntry> {
    const entry = await this.pendingEntry(id);
    await this.messages.remove(actor, entry.chatId, entry.messageId);
    return this.decide(actor, entry, 'rejected');
  }

  private async pendingEntry(id: string): Promise<ReviewEntry> {
    const entry = await this.reviews.find(id);
    if (!entry) throw ReviewErrors.notFound();
    if (entry.status !== 'pending') throw ReviewErrors.decided(entry.status);
    return entry;
  }

  private async decide(actor: ChatActor, entry: ReviewEntry, status: 'approved' | 'rejected'): Promise<ReviewEntry> {
    const decided = await this.reviews.decide(entry.id, {
      status,
      decidedBy: actor.actorId,
      decidedAt: new Date().toISOString(),
    });
    if (!decided) throw ReviewErrors.notFound();
    return decided;
  }
}
