import { inject, injectable } from 'inversify';
import { decodeCursor, toPage } from '../domain/cursor';
import { FriendErrors } from '../domain/errors';
import type { Page, UserSummary } from '../domain/model';
import { FRIEND_DISCOVERY, type FriendDiscovery } from './ports';

/** Friends the caller and another user have in common, by username. */
@injectable()
export class ListMutualFriends {
  constructor(@inject(FRIEND_DISCOVERY) private readonly discovery: FriendDiscovery) {}

  async execute(
    userId: string,
    otherId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<UserSummary>> {
    if (userId === otherId) throw FriendErrors.selfTarget('that is you');
    const after = decodeCursor(cursor);
    if (!(await this.discovery.exists(otherId))) throw FriendErrors.userNotFound();
    const rows = await this.discovery.mutualFriends(userId, otherId, after, limit + 1);
    return toPage(rows, limit, (user) => ({ key: user.username.toLowerCase(), id: user.id }));
  }
}
