import { inject, injectable } from 'inversify';
import type { Suggestion } from '../domain/model';
import { FRIEND_DISCOVERY, type FriendDiscovery } from './ports';

/**
 * "People you may know": friends of friends and members of shared group chats, ranked by
 * mutualCount + 0.5 x sharedChats (docs/decisions/0008), each with its reasons.
 */
@injectable()
export class SuggestFriends {
  constructor(@inject(FRIEND_DISCOVERY) private readonly discovery: FriendDiscovery) {}

  execute(userId: string, limit: number): Promise<Suggestion[]> {
    return this.discovery.suggestions(userId, limit);
  }
}
