export { friendsModule } from './friends.module';
export { Neo4jUserNodes, type UserNode } from './data-access/neo4j-user-nodes';
export { ProjectUserToGraphOnUserEvents } from './entry-points/project-user-to-graph-on-user-events';
