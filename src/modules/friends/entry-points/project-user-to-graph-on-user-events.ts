import { inject, injectable } from 'inversify';
import type { EventEnvelope, StreamHandler } from '../../../platform/kafka';
import { applyUserEvent, USER_PROJECTION_EVENTS, USERS_TOPIC } from '../../users';
import { Neo4jUserNodes } from '../data-access/neo4j-user-nodes';

/** Keeps `(:User {id, username, displayName})` in Neo4j in step with user events. */
@injectable()
export class ProjectUserToGraphOnUserEvents implements StreamHandler {
  readonly name = 'friends.project-user-to-graph';
  readonly topics = [USERS_TOPIC];
  readonly eventTypes = USER_PROJECTION_EVENTS;

  constructor(@inject(Neo4jUserNodes) private readonly nodes: Neo4jUserNodes) {}

  handle(event: EventEnvelope): Promise<void> {
    return applyUserEvent(event, this.nodes);
  }
}
