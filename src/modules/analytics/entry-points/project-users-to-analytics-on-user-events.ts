import { inject, injectable } from 'inversify';
import type { EventEnvelope, StreamHandler } from '../../../platform/kafka';
import { USERS_TOPIC, UserEventTypes } from '../../users';
import { GRAPH_PROJECTION_STORE, type GraphProjectionStore } from '../application/ports';
import { utcDayOf } from '../domain/daily-counts';

/**
 * Keeps the accounts analytics counts: registered on the UTC day of the event (an import dates it
 * at the account's creation), deleted for good. Profile changes do not matter here.
 */
@injectable()
export class ProjectUsersToAnalyticsOnUserEvents implements StreamHandler {
  readonly name = 'analytics.project-users';
  readonly topics = [USERS_TOPIC];
  readonly eventTypes = [UserEventTypes.registered, UserEventTypes.deleted];

  constructor(@inject(GRAPH_PROJECTION_STORE) private readonly graph: GraphProjectionStore) {}

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type === UserEventTypes.registered) {
      await this.graph.userRegistered(event.aggregateId, utcDayOf(event.occurredAt), event.version);
    } else if (event.type === UserEventTypes.deleted) {
      await this.graph.userDeleted(event.aggregateId, event.version);
    }
  }
}
