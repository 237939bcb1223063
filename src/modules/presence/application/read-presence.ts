import { inject, injectable } from 'inversify';
import { CHAT_MEMBERSHIP, type ChatMembership } from '../../chats';
import { FRIEND_DIRECTORY, type FriendDirectory } from '../../friends';
import type { Presence } from '../domain/presence';
import { PRESENCE_STORE, type PresenceStore } from './ports';

/**
 * Presence as `viewerId` may see it: their own, their friends' and the members' of chats they are
 * in. Anyone else reads as offline and never seen, the same as a user who never connected, so
 * the answer does not tell a stranger even that the account is active (docs/decisions/0034).
 */
@injectable()
export class ReadPresence {
  constructor(
    @inject(PRESENCE_STORE) private readonly store: PresenceStore,
    @inject(FRIEND_DIRECTORY) private readonly friends: FriendDirectory,
    @inject(CHAT_MEMBERSHIP) private readonly chats: ChatMembership,
  ) {}

  async execute(viewerId: string, userIds: readonly string[]): Promise<Presence[]> {
    const visible = await this.visibleTo(viewerId, userIds);
    const shown = await this.store.read(userIds.filter((id) => visible.has(id)));
    const byId = new Map(shown.map((presence) => [presence.userId, presence]));
    return userIds.map((userId) => byId.get(userId) ?? { userId, status: 'offline', lastSeenAt: null });
  }

  private async visibleTo(viewerId: string, userIds: readonly string[]): Promise<Set<string>> {
    const visible = new Set([viewerId, ...(await this.friends.friendIdsOf(viewerId))]);
    if (userIds.every((id) => visible.has(id))) return visible;
    for (const chatId of await this.chats.chatIdsOf(viewerId)) {
      for (const memberId of (await this.chats.membersOf(chatId))?.memberIds ?? []) visible.add(memberId);
    }
    return visible;
  }
}
