/**
 * Who belongs to which chat, for other modules (search filters by it). Answers from the chats
 * owner store, so it is never stale.
 */
export interface ChatMembership {
  /** Ids of the chats `userId` is a member of now. */
  chatIdsOf(userId: string): Promise<string[]>;
  isMember(chatId: string, userId: string): Promise<boolean>;
  /** The chat's kind and current members, or undefined when there is no such chat. */
  membersOf(chatId: string): Promise<{ type: 'direct' | 'group'; memberIds: string[] } | undefined>;
}

export const CHAT_MEMBERSHIP = Symbol.for('polychat.chats.ChatMembership');
