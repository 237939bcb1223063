/** Chat lifecycle and membership events, keyed by chat id. */
export const CHATS_TOPIC = 'polychat.chats.v1';
/** Message events, keyed by chat id (so a chat's messages keep their order). */
export const MESSAGES_TOPIC = 'polychat.messages.v1';

export const ChatEventTypes = {
  created: 'chat.created',
  updated: 'chat.updated',
  membersAdded: 'chat.members_added',
  memberRemoved: 'chat.member_removed',
  memberRoleChanged: 'chat.member_role_changed',
  /** A member's read marker moved forward: { userId, seq }. */
  readMarkerMoved: 'chat.read_marker_moved',
} as const;

export const MessageEventTypes = {
  sent: 'message.sent',
  edited: 'message.edited',
  deleted: 'message.deleted',
  reactionsChanged: 'message.reactions_changed',
} as const;

export type ChatType = 'direct' | 'group';
export type MemberRole = 'owner' | 'admin' | 'member';

/** chat.created */
export interface ChatCreatedPayload {
  readonly chatType: ChatType;
  readonly title: string | null;
  readonly members: readonly { readonly userId: string; readonly role: MemberRole }[];
}
/** chat.updated */
export interface ChatUpdatedPayload {
  readonly title: string | null;
}
/** chat.members_added */
export interface MembersAddedPayload {
  readonly userIds: readonly string[];
}
/** chat.member_removed (left, removed by an admin, or account deleted) */
export interface MemberRemovedPayload {
  readonly userId: string;
  readonly reason: 'left' | 'removed' | 'account_deleted';
}
/** chat.member_role_changed */
export interface MemberRoleChangedPayload {
  readonly userId: string;
  readonly role: MemberRole;
}

/** message.sent: the aggregate is the chat; `seq` is the message's position in it. */
export interface MessageSentPayload {
  readonly messageId: string;
  readonly chatId: string;
  readonly seq: number;
  readonly senderId: string;
  /** The sender's idempotency key (since issue 12; absent in older events). */
  readonly clientMsgId?: string;
  readonly body: string;
  readonly mentions: readonly string[];
  readonly replyTo: string | null;
  readonly sentAt: string;
  /**
   * The chat's type (since issue 12; absent in older and imported events), so that a consumer
   * such as notifications can tell a group message without mentions needs nothing from the chat.
   */
  readonly chatType?: 'direct' | 'group';
  /** Moderation's verdict when it flagged or held the message (docs/decisions/0038). */
  readonly moderation?: MessageModerationFacts;
}
/**
 * Why moderation flagged or held a message version: the verdict, scores, model version and policy.
 * `heldBody` carries the withheld body of a held message (the event's `body` is then empty), so
 * the review queue can show it; it never reaches a client but the reviewer's.
 */
export interface MessageModerationFacts {
  readonly verdict: 'flag' | 'hold';
  readonly scores: Readonly<Record<string, number>>;
  readonly models: readonly string[];
  readonly policy: string;
  readonly heldBody?: string;
  /** The models whose thresholds gave the verdict, e.g. `['abuse']` (absent in older events: spam). */
  readonly reasons?: readonly string[];
}
/** message.edited */
export interface MessageEditedPayload {
  readonly messageId: string;
  readonly chatId: string;
  readonly seq: number;
  readonly body: string;
  readonly editedAt: string;
  /** As on message.sent; an edit that releases a held message says `released: true` instead. */
  readonly moderation?: MessageModerationFacts;
  readonly released?: true;
}
/** message.deleted: the body is gone; a tombstone keeps the seq. */
export interface MessageDeletedPayload {
  readonly messageId: string;
  readonly chatId: string;
  readonly seq: number;
  readonly deletedAt: string;
}
