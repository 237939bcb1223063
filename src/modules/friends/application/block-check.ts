/** Whether a block stands between two users, in either direction; the chats module asks this. */
export interface BlockCheck {
  isBlockedBetween(userA: string, userB: string): Promise<boolean>;
}

export const BLOCK_CHECK = Symbol.for('polychat.friends.BlockCheck');
