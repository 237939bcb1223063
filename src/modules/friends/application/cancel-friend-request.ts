import { inject, injectable } from 'inversify';
import { cancelRequest } from '../domain/request-rules';
import { FRIEND_GRAPH, type EventMeta, type FriendGraph } from './ports';
import { requestOfParty } from './rule-context';

/** The sender withdraws a pending request. */
@injectable()
export class CancelFriendRequest {
  constructor(@inject(FRIEND_GRAPH) private readonly graph: FriendGraph) {}

  async execute(requestId: string, caller: string, meta: EventMeta): Promise<void> {
    const request = await requestOfParty(this.graph, requestId, caller);
    await this.graph.changePair(
      request.fromUserId,
      request.toUserId,
      (state) => cancelRequest(state, requestId, caller),
      meta,
    );
  }
}
