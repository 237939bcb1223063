import { ContainerModule } from 'inversify';
import { HTTP_ROUTE } from '../../platform/http';
import { STREAM_HANDLER } from '../../platform/kafka';
import { AcceptFriendRequest } from './application/accept-friend-request';
import { BLOCK_CHECK } from './application/block-check';
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
import { Neo4jUserNodes } from './data-access/neo4j-user-nodes';
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
  bind(FRIEND_LISTS).to(Neo4jFriendLists);
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

  // Requests first: its mount path is the more specific one.
  bind(HTTP_ROUTE).to(FriendRequestsRouter);
  bind(HTTP_ROUTE).to(FriendsRouter);
  bind(HTTP_ROUTE).to(BlocksRouter);

  bind(ProjectUserToGraphOnUserEvents).toSelf();
  bind(STREAM_HANDLER).toService(ProjectUserToGraphOnUserEvents);
  bind(ProjectChatMembershipOnChatEvents).toSelf();
  bind(STREAM_HANDLER).toService(ProjectChatMembershipOnChatEvents);
});
