import { AppError } from '../../../platform/errors';
import type { Verdict } from './policy';

export type ReviewStatus = 'pending' | 'approved' | 'rejected';

/**
 * One flagged or held message version awaiting (or past) review. Its id is the id of the event
 * that carried the verdict, so a redelivered event adds nothing. Decided entries are the labels the
 * next `polychat ml train spam --with-reviews` learns from (entries with reason spam): approved = not
 * spam, rejected = spam.
 */
export interface ReviewEntry {
  readonly id: string;
  readonly messageId: string;
  readonly chatId: string;
  readonly seq: number;
  readonly senderId: string;
  readonly kind: 'send' | 'edit';
  /** The text that was scored (for a held message, the withheld body). */
  readonly text: string;
  readonly verdict: Exclude<Verdict, 'allow'>;
  readonly scores: Readonly<Record<string, number>>;
  readonly models: readonly string[];
  /** The models whose thresholds the verdict came from: spam, abuse (the queue's reason). */
  readonly reasons: readonly string[];
  readonly policy: string;
  readonly createdAt: string;
  readonly status: ReviewStatus;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

export interface ReviewDecision {
  readonly status: Exclude<ReviewStatus, 'pending'>;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export const ReviewErrors = {
  notFound: () => new AppError('MODERATION.NOT_FOUND', 'no such review entry'),
  decided: (status: ReviewStatus) => new AppError('MODERATION.CONFLICT', `the entry was already ${status}`),
  chatNotFound: () => new AppError('CHAT.NOT_FOUND', 'no such chat'),
  notChatAdmin: () =>
    new AppError('MODERATION.FORBIDDEN', "only the chat's owners and admins, or a deployment admin, may do this"),
  noModel: (name: string) => new AppError('MODERATION.UNAVAILABLE', `no ${name} model is promoted`),
};
