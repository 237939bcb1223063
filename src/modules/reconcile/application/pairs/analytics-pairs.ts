import type {
  AnalyticsUser,
  AnalyticsUserStates,
  FriendPairState,
  FriendPairStates,
  Keyed,
  MessageFact,
  MessageFactStates,
} from '../../../analytics';
import { utcDayOf } from '../../../analytics';
import type { MessageSnapshot, MessageSnapshotReader } from '../../../chats';
import type { FriendshipSnapshot, FriendshipSnapshotReader } from '../../../friends';
import type { UserSnapshot, UserSnapshotReader } from '../../../users';
import type { PairMapping } from '../ports';
import { RangePair } from '../range-pair';
import { userOwner } from './user-pairs';

const usersMapping: PairMapping<UserSnapshot, Keyed<AnalyticsUser>> = {
  idOf: (user) => user.id,
  expected: (user) => ({
    id: user.id,
    version: user.version,
    fields: { registeredDay: utcDayOf(user.createdAt), deleted: user.deleted },
  }),
  held: (user) => ({
    id: user.id,
    version: user.version,
    fields: { registeredDay: user.registeredDay, deleted: user.deleted },
  }),
};

/** postgres users → analytics_users (registration day, deleted). */
export function analyticsUsersPair(users: UserSnapshotReader, states: AnalyticsUserStates) {
  return new RangePair({
    name: 'analytics-users',
    owner: 'postgres users',
    projection: 'postgres analytics_users',
    target: 'analytics',
    scopedBy: 'users',
    ownerSide: userOwner(users),
    projectionSide: states,
    mapping: usersMapping,
  });
}

const friendshipsMapping: PairMapping<FriendshipSnapshot, Keyed<FriendPairState>> = {
  idOf: (pair) => pair.id,
  expected: (pair) => ({ id: pair.id, version: pair.version, fields: pair.friends ? { friends: true } : null }),
  held: (pair) => ({ id: pair.id, version: pair.version, fields: { friends: pair.friends } }),
};

/** neo4j FRIENDS_WITH → analytics_friend_pairs (keys "lo:hi"). */
export function analyticsFriendshipsPair(friendships: FriendshipSnapshotReader, states: FriendPairStates) {
  return new RangePair({
    name: 'analytics-friendships',
    owner: 'neo4j FRIENDS_WITH',
    projection: 'postgres analytics_friend_pairs',
    target: 'analytics',
    scopedBy: 'users',
    ownerSide: friendships,
    projectionSide: states,
    mapping: friendshipsMapping,
  });
}

const messagesMapping: PairMapping<MessageSnapshot, Keyed<MessageFact>> = {
  idOf: (message) => message.id,
  expected: (message) => ({
    id: message.id,
    version: null,
    fields: { chatId: message.chatId, senderId: message.senderId, day: utcDayOf(message.sentAt) },
    pending: message.pending,
  }),
  held: (fact) => ({
    id: fact.id,
    version: null,
    fields: { chatId: fact.chatId, senderId: fact.senderId, day: fact.day },
  }),
};

/** mongo messages → analytics_message_facts (every sent message counted once). */
export function analyticsMessagesPair(messages: MessageSnapshotReader, states: MessageFactStates) {
  return new RangePair({
    name: 'analytics-messages',
    owner: 'mongo messages',
    projection: 'postgres analytics_message_facts',
    target: 'analytics',
    scopedBy: 'chats',
    ownerSide: messages,
    projectionSide: states,
    mapping: messagesMapping,
  });
}
