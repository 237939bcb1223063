import type { Notification, NotificationDraft } from '../domain/notification';

/** Notifications in their owner store (MongoDB). */
export interface NotificationStore {
  /** Stores it unless one with the same id exists; true when it is new. */
  add(notification: Notification): Promise<boolean>;
  /** Newest first, strictly older than the cursor. */
  list(userId: string, before: { at: string; id: string } | undefined, limit: number): Promise<Notification[]>;
  markRead(userId: string, id: string, at: Date): Promise<Notification | undefined>;
  /** Not yet handed to a live connection, oldest first. */
  undelivered(userId: string, limit: number): Promise<Notification[]>;
  markDelivered(ids: readonly string[], at: Date): Promise<void>;
}

/** Push delivery to devices that are not connected (a webhook to a push gateway, or a log line). */
export interface PushProvider {
  readonly name: string;
  push(notification: Notification): Promise<void>;
}

/** Whether a user has a live connection right now (the presence module answers). */
export type IsConnected = (userId: string) => Promise<boolean>;

export type { NotificationDraft };

/** A sent message moderation held: who sent it and whom it mentions, until it is released. */
export interface HeldMessage {
  readonly messageId: string;
  readonly chatId: string;
  readonly senderId: string;
  readonly mentions: readonly string[];
}

/** Held sends, kept until moderation releases them (their notifications wait for the release). */
export interface HeldMessages {
  /** Idempotent by message id. */
  hold(message: HeldMessage): Promise<void>;
  find(messageId: string): Promise<HeldMessage | undefined>;
}

export const NOTIFICATION_STORE = Symbol.for('polychat.notifications.NotificationStore');
export const HELD_MESSAGES = Symbol.for('polychat.notifications.HeldMessages');
export const PUSH_PROVIDER = Symbol.for('polychat.notifications.PushProvider');
