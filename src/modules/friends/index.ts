export { Neo4jUserNodes, type UserNode } from './data-access/neo4j-user-nodes';
export { ProjectUserToGraphOnUserEvents } from './entry-points/project-user-to-graph-on-user-events';
export { ProjectChatMembershipOnChatEvents } from './entry-points/project-chat-membership-on-chat-events';
export { BLOCK_CHECK, type BlockCheck } from './application/block-check';
export { FRIEND_DIRECTORY, type FriendDirectory } from './application/friend-directory';
export {
  FRIENDSHIPS_TOPIC,
  FriendshipEventTypes,
  pairKey,
  type BlockPayload,
  type FriendRequestPayload,
  type FriendshipRemovedPayload,
} from './domain/events';
export { ImportFriendships } from './application/import-friendships';
export { ExportFriendships } from './application/export-friendships';
export type { FriendshipImportOutcome, ImportedFriendship } from './application/bulk-friendships';
export {
  CHAT_MEMBERSHIP_STATES,
  FRIENDSHIP_SNAPSHOTS,
  GRAPH_USER_STATES,
  type ChatMembershipStates,
  type FriendshipSnapshotReader,
  type GraphUserStates,
} from './application/reconciliation-ports';
export type { FriendshipSnapshot, GraphChatState, GraphUserState } from './domain/snapshots';
export { LINK_MODELS, type LinkModels } from './application/ports';
export { LINK_FEATURES, LinkModel, linkModelSchema, type LinkFeature, type LinkModelFile } from './domain/link-model';
