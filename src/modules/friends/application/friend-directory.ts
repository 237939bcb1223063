/** Whose friends someone is, for other modules (presence announces to friends). */
export interface FriendDirectory {
  friendIdsOf(userId: string): Promise<string[]>;
}

export const FRIEND_DIRECTORY = Symbol.for('polychat.friends.FriendDirectory');
