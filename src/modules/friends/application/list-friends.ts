import { inject, injectable } from 'inversify';
import { decodeCursor, toPage } from '../domain/cursor';
import type { Friend, Page } from '../domain/model';
import { FRIEND_LISTS, type FriendLists } from './ports';

/** The caller's friends by username, with profiles and since when. */
@injectable()
export class ListFriends {
  constructor(@inject(FRIEND_LISTS) private readonly lists: FriendLists) {}

  async execute(userId: string, cursor: string | undefined, limit: number): Promise<Page<Friend>> {
    const rows = await this.lists.friends(userId, decodeCursor(cursor), limit + 1);
    return toPage(rows, limit, (friend) => ({ key: friend.username.toLowerCase(), id: friend.id }));
  }
}
