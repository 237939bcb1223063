import { inject, injectable } from 'inversify';
import { decodeCursor, toPage } from '../domain/cursor';
import type { FriendRequestView, Page, RequestDirection } from '../domain/model';
import { FRIEND_LISTS, type FriendLists } from './ports';

/** The caller's pending requests, incoming or outgoing, newest first, with the other user's profile. */
@injectable()
export class ListFriendRequests {
  constructor(@inject(FRIEND_LISTS) private readonly lists: FriendLists) {}

  async execute(
    userId: string,
    direction: RequestDirection,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<FriendRequestView>> {
    const rows = await this.lists.requests(userId, direction, decodeCursor(cursor), limit + 1);
    return toPage(rows, limit, (request) => ({ key: request.createdAt, id: request.id }));
  }
}
