import { inject, injectable } from 'inversify';
import { z } from 'zod';
import type { EventEnvelope, StreamHandler } from '../../../platform/kafka';
import { FRIENDSHIPS_TOPIC, FriendshipEventTypes } from '../../friends';
import { GRAPH_PROJECTION_STORE, type GraphProjectionStore } from '../application/ports';
import { orderedPair } from '../domain/projections';

const pairPayload = z.object({ fromUserId: z.guid(), toUserId: z.guid() });

/**
 * Keeps which pairs are friends, for the graph statistics: an accepted request makes a friendship,
 * friendship.removed (unfriended or blocked) ends it. The pair's event version orders them.
 */
@injectable()
export class ProjectFriendshipsToAnalyticsOnFriendshipEvents implements StreamHandler {
  readonly name = 'analytics.project-friendships';
  readonly topics = [FRIENDSHIPS_TOPIC];
  readonly eventTypes = [FriendshipEventTypes.requestAccepted, FriendshipEventTypes.removed];

  constructor(@inject(GRAPH_PROJECTION_STORE) private readonly graph: GraphProjectionStore) {}

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type !== FriendshipEventTypes.requestAccepted && event.type !== FriendshipEventTypes.removed) return;
    const payload = pairPayload.parse(event.payload);
    await this.graph.pairChanged({
      ...orderedPair(payload.fromUserId, payload.toUserId),
      friends: event.type === FriendshipEventTypes.requestAccepted,
      version: event.version,
    });
  }
}
