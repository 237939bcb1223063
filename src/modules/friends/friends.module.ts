import { ContainerModule } from 'inversify';
import { STREAM_HANDLER } from '../../platform/kafka';
import { Neo4jUserNodes } from './data-access/neo4j-user-nodes';
import { ProjectUserToGraphOnUserEvents } from './entry-points/project-user-to-graph-on-user-events';

/** The friend graph in Neo4j. So far: the user nodes it is built on. */
export const friendsModule = new ContainerModule(({ bind }) => {
  bind(Neo4jUserNodes).toSelf();
  bind(ProjectUserToGraphOnUserEvents).toSelf();
  bind(STREAM_HANDLER).toService(ProjectUserToGraphOnUserEvents);
});
