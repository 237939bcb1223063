import { inject, injectable } from 'inversify';
import { declineRequest } from '../domain/request-rules';
import { FRIEND_GRAPH, type EventMeta, type FriendGraph } from './ports';
import { requestOfParty } from './rule-context';

/** The recipient declines a pending request. */
@injectable()
export class DeclineFriendRequest {
  constructor(@inject(FRIEND_GRAPH) private readonly graph: FriendGraph) {}

  async execute(requestId: string, caller: string, meta: EventMeta): Promise<void> {
    const request = await requestOfParty(this.graph, requestId, caller);
    await this.graph.changePair(
      request.fromUserId,
      request.toUserId,
      (state) => declineRequest(state, requestId, caller),
      meta,
    );
  }
}
