import { inject, injectable } from 'inversify';
import { FriendErrors } from '../domain/errors';
import type { UserSummary } from '../domain/model';
import { FRIEND_DISCOVERY, type FriendDiscovery } from './ports';

/** The deepest path search allowed: the pattern grows with it, so it is bounded here. */
export const MAX_PATH_DEPTH = 6;

/** Degrees of separation: a shortest chain of friendships to another user within `maxDepth` hops. */
@injectable()
export class FindFriendPath {
  constructor(@inject(FRIEND_DISCOVERY) private readonly discovery: FriendDiscovery) {}

  async execute(fromId: string, toId: string, maxDepth: number): Promise<UserSummary[] | null> {
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_PATH_DEPTH) {
      throw FriendErrors.badDepth(MAX_PATH_DEPTH);
    }
    if (!(await this.discovery.exists(toId))) throw FriendErrors.userNotFound();
    return this.discovery.shortestPath(fromId, toId, maxDepth);
  }
}
