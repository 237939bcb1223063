import { createHash } from 'node:crypto';
import { AppError } from '../../../platform/errors';

/** Why a user is told: a direct message, a mention, a friend request, or their request accepted. */
export type NotificationKind = 'direct_message' | 'mention' | 'friend_request' | 'friend_accepted';

/** What a notification says; a projection of one event for one recipient. */
export interface NotificationDraft {
  readonly userId: string;
  readonly kind: NotificationKind;
  /** Who caused it. */
  readonly actorId: string;
  readonly chatId: string | null;
  readonly messageId: string | null;
  readonly requestId: string | null;
  /** The start of the message, for message kinds. */
  readonly preview: string | null;
  /** The event it came from: with userId and kind, it makes the id, so a redelivery adds nothing. */
  readonly sourceEventId: string;
}

export interface Notification extends Omit<NotificationDraft, 'sourceEventId'> {
  readonly id: string;
  readonly createdAt: string;
  readonly readAt: string | null;
}

/** The live frame that carries a notification. */
export const NOTIFICATION_NEW = 'notification.new';

export const PREVIEW_LENGTH = 120;

/** A deterministic id (UUID-shaped) for the draft's event, recipient and kind. */
export function notificationIdOf(draft: Pick<NotificationDraft, 'sourceEventId' | 'userId' | 'kind'>): string {
  const hex = createHash('sha256').update(`${draft.sourceEventId}|${draft.userId}|${draft.kind}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const NotificationErrors = {
  notFound: () => new AppError('NOTIFICATION.NOT_FOUND', 'no such notification'),
};
