import { inject, injectable } from 'inversify';
import { decodeCursor, toPage } from '../domain/cursor';
import type { BlockedUser, Page } from '../domain/model';
import { FRIEND_LISTS, type FriendLists } from './ports';

/** The users the caller has blocked, newest first. */
@injectable()
export class ListBlocks {
  constructor(@inject(FRIEND_LISTS) private readonly lists: FriendLists) {}

  async execute(userId: string, cursor: string | undefined, limit: number): Promise<Page<BlockedUser>> {
    const rows = await this.lists.blocks(userId, decodeCursor(cursor), limit + 1);
    return toPage(rows, limit, (blocked) => ({ key: blocked.createdAt, id: blocked.user.id }));
  }
}
