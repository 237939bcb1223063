import { ContainerModule } from 'inversify';
import { HTTP_ROUTE } from '../../platform/http';
import { STREAM_HANDLER } from '../../platform/kafka';
import { AcceptFriendRequest } from './application/accept-friend-request';
import { BLOCK_CHECK } from './application/block-check';
import { FRIENDSHIP_BULK_STORE } from './application/bulk-friendships';
import { ExportFriendships } from './application/export-friendships';
import { ImportFriendships } from './application/import-friendships';
import { FRIEND_DIRECTORY } from './application/friend-directory';
import { BlockUser } from './application/block-user';
import { CancelFriendRequest } from './application/cancel-friend-request';
import { DeclineFriendRequest } from './application/decline-friend-request';
import { FindFriendPath } from './application/find-friend-path';
import { ListBlocks } from './application/list-blocks';
import { ListFriendRequests } from './application/list-friend-requests';
import { ListFriends } from './application/list-friends';
import { ListMutualFriends } from './application/list-mutual-friends';
import { FRIEND_DISCOVERY, FRIEND_GRAPH, FRIEND_LISTS } from './application/ports';
import { RemoveFriend } from './application/remove-friend';
import { SendFriendRequest } from './application/send-friend-request';
import { SuggestFriends } from './application/suggest-friends';
import { UnblockUser } from './application/unblock-user';
import { Neo4jBlockCheck } from './data-access/neo4j-block-check';
import { Neo4jChatMembership } from './data-access/neo4j-chat-membership';
import { Neo4jFriendDiscovery } from './data-access/neo4j-friend-discovery';
import { Neo4jFriendGraph } from './data-access/neo4j-friend-graph';
import { Neo4jFriendLists } from './data-access/neo4j-friend-lists';
import { Neo4jFriendshipBulkStore } from './data-access/neo4j-friendship-bulk-store';
import { Neo4jUserNodes } from './data-access/neo4j-user-nodes';
import { CHAT_MEMBERSHIP_STATES, FRIENDSHIP_SNAPSHOTS, GRAPH_USER_STATES } from './application/reconciliation-ports';
import { Neo4jChatMembershipStates } from './data-access/neo4j-chat-membership-states';
import { Neo4jFriendshipSnapshots } from './data-access/neo4j-friendship-snapshots';
import { Neo4jGraphUserStates } from './data-access/neo4j-graph-user-states';
import { BlocksRouter } from './entry-points/blocks-router';
import { FriendRequestsRouter } from './entry-points/friend-requests-router';
import { FriendsRouter } from './entry-points/friends-router';
import { ProjectChatMembershipOnChatEvents } from './entry-points/project-chat-membership-on-chat-events';
import { ProjectUserToGraphOnUserEvents } from './entry-points/project-user-to-graph-on-user-events';

/**
 * The friend graph in Neo4j: requests, friendships and blocks (owned here, events through the
 * Neo4j outbox), the (:User) and chat-membership projections it is built on, and the BlockCheck
 * port other modules ask.
 */
export const friendsModule = new ContainerModule(({ bind }) => {
  bind(Neo4jUserNodes).toSelf();
  bind(Neo4jChatMembership).toSelf();
  bind(FRIEND_GRAPH).to(Neo4jFriendGraph);
  bind(Neo4jFriendLists).toSelf();
  bind(FRIEND_LISTS).toService(Neo4jFriendLists);
  bind(FRIEND_DIRECTORY).toService(Neo4jFriendLists);
  bind(FRIEND_DISCOVERY).to(Neo4jFriendDiscovery);
  bind(BLOCK_CHECK).to(Neo4jBlockCheck);

  bind(SendFriendRequest).toSelf();
  bind(ListFriendRequests).toSelf();
  bind(AcceptFriendRequest).toSelf();
  bind(DeclineFriendRequest).toSelf();
  bind(CancelFriendRequest).toSelf();
  bind(ListFriends).toSelf();
  bind(RemoveFriend).toSelf();
  bind(ListMutualFriends).toSelf();
  bind(SuggestFriends).toSelf();
  bind(FindFriendPath).toSelf();
  bind(BlockUser).toSelf();
  bind(UnblockUser).toSelf();
  bind(ListBlocks).toSelf();
  // Bulk import and export (datasets module).
  bind(FRIENDSHIP_BULK_STORE).to(Neo4jFriendshipBulkStore);
  bind(ImportFriendships).toSelf();
  bind(ExportFriendships).toSelf();

  // What backfill and reconcile read and mend (issue 7).
  bind(GRAPH_USER_STATES).to(Neo4jGraphUserStates);
  bind(CHAT_MEMBERSHIP_STATES).to(Neo4jChatMembershipStates);
  bind(FRIENDSHIP_SNAPSHOTS).to(Neo4jFriendshipSnapshots);

  // Requests first: its mount path is the more specific one.
  bind(HTTP_ROUTE).to(FriendRequestsRouter);
  bind(HTTP_ROUTE).to(FriendsRouter);
  bind(HTTP_ROUTE).to(BlocksRouter);

  bind(ProjectUserToGraphOnUserEvents).toSelf();
  bind(STREAM_HANDLER).toService(ProjectUserToGraphOnUserEvents);
  bind(ProjectChatMembershipOnChatEvents).toSelf();
  bind(STREAM_HANDLER).toService(ProjectChatMembershipOnChatEvents);
});
