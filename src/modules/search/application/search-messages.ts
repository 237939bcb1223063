import { inject, injectable } from 'inversify';
import { CHAT_MEMBERSHIP, type ChatMembership } from '../../chats';
import { encodeCursor, SearchErrors, type SearchCursor, type SearchHit } from '../domain/search';
import { MESSAGE_SEARCH_INDEX, type MessageSearchIndex } from './ports';

export interface SearchMessagesInput {
  readonly text: string;
  /** Narrow the search to one chat; the caller must be a member of it. */
  readonly chatId?: string;
  readonly cursor?: SearchCursor;
  readonly limit: number;
}

export interface SearchMessagesPage {
  readonly items: readonly SearchHit[];
  readonly nextCursor: string | null;
}

/**
 * Full-text search over the messages of the chats the caller belongs to now (asked of the chats
 * owner store on every call, so a removed member loses access at once). A chat the caller is not in
 * answers like a chat that does not exist.
 */
@injectable()
export class SearchMessages {
  constructor(
    @inject(CHAT_MEMBERSHIP) private readonly membership: ChatMembership,
    @inject(MESSAGE_SEARCH_INDEX) private readonly index: MessageSearchIndex,
  ) {}

  async execute(userId: string, input: SearchMessagesInput): Promise<SearchMessagesPage> {
    let chatIds: readonly string[];
    if (input.chatId !== undefined) {
      if (!(await this.membership.isMember(input.chatId, userId))) throw SearchErrors.chatNotFound();
      chatIds = [input.chatId];
    } else {
      chatIds = await this.membership.chatIdsOf(userId);
    }
    if (chatIds.length === 0) return { items: [], nextCursor: null };
    const result = await this.index.search({
      text: input.text,
      chatIds,
      after: input.cursor,
      limit: input.limit,
    });
    return { items: result.hits, nextCursor: result.next && encodeCursor(result.next) };
  }
}
