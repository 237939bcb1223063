export { Neo4jUserNodes, type UserNode } from './data-access/neo4j-user-nodes';
export { ProjectUserToGraphOnUserEvents } from './entry-points/project-user-to-graph-on-user-events';
export { ProjectChatMembershipOnChatEvents } from './entry-points/project-chat-membership-on-chat-events';
export { BLOCK_CHECK, type BlockCheck } from './application/block-check';
export {
  FRIENDSHIPS_TOPIC,
  FriendshipEventTypes,
  pairKey,
  type BlockPayload,
  type FriendRequestPayload,
  type FriendshipRemovedPayload,
} from './domain/events';
