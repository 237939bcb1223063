import type { ChatSnapshot, ChatSnapshotReader, MessageSnapshot, MessageSnapshotReader } from '../../../chats';
import type { ChatMembershipStates, GraphChatState } from '../../../friends';
import { storableText } from '../../../../platform/validation';
import type { IndexedState, SearchIndexStates } from '../../../search';
import type { PairMapping } from '../ports';
import { RangePair } from '../range-pair';

/** What the search index shows of a message (a deleted one stays as a body-less tombstone; NUL stored as U+FFFD). */
function indexedFields(message: Omit<IndexedState, 'id'>) {
  return {
    chatId: message.chatId,
    seq: message.seq,
    senderId: message.senderId,
    body: message.deletedAt === null && message.body !== null ? storableText(message.body) : null,
    sentAt: message.sentAt,
    editedAt: message.editedAt,
    deleted: message.deletedAt !== null,
  };
}

const searchMapping: PairMapping<MessageSnapshot, IndexedState> = {
  idOf: (message) => message.id,
  expected: (message) => ({ id: message.id, version: null, fields: indexedFields(message), pending: message.pending }),
  held: (row) => ({ id: row.id, version: null, fields: indexedFields(row) }),
};

/** mongo messages → the postgres search index. */
export function searchIndexPair(
  messages: MessageSnapshotReader,
  index: SearchIndexStates,
): RangePair<MessageSnapshot, IndexedState> {
  return new RangePair({
    name: 'search-index',
    owner: 'mongo messages',
    projection: 'postgres message_search',
    target: 'search-index',
    scopedBy: 'chats',
    ownerSide: messages,
    projectionSide: index,
    mapping: searchMapping,
  });
}

const membershipMapping: PairMapping<ChatSnapshot, GraphChatState> = {
  idOf: (chat) => chat.id,
  expected: (chat) => ({
    id: chat.id,
    version: chat.version,
    fields: { type: chat.type, members: chat.memberIds.join(',') },
    pending: chat.pending,
  }),
  held: (chat) => ({
    id: chat.id,
    version: chat.version,
    fields: { type: chat.type, members: [...chat.memberIds].sort().join(',') },
  }),
};

/** mongo chats (members) → neo4j (:User)-[:MEMBER_OF]->(:Chat). */
export function chatMembershipPair(
  chats: ChatSnapshotReader,
  membership: ChatMembershipStates,
): RangePair<ChatSnapshot, GraphChatState> {
  return new RangePair({
    name: 'chat-membership',
    owner: 'mongo chats',
    projection: 'neo4j (:Chat) membership',
    target: 'chat-membership',
    scopedBy: 'chats',
    ownerSide: chats,
    projectionSide: membership,
    mapping: membershipMapping,
  });
}
