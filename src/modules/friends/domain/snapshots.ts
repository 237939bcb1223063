/** A (:User) node as the graph holds it; a placeholder (from a chat event) has no profile or version. */
export interface GraphUserState {
  readonly id: string;
  readonly username: string | null;
  readonly displayName: string | null;
  readonly version: number | null;
}

/** A chat's membership as the graph holds it (member ids sorted). */
export interface GraphChatState {
  readonly id: string;
  readonly type: string | null;
  readonly version: number;
  readonly memberIds: readonly string[];
}

/**
 * A pair of users as the friend graph (the owner of friendships) holds it now: `id` is the pair key
 * "lo:hi", `version` the pair's event version (0 when the pair has no lock node yet).
 */
export interface FriendshipSnapshot {
  readonly id: string;
  readonly lo: string;
  readonly hi: string;
  readonly friends: boolean;
  readonly version: number;
}
