import { inject, injectable } from 'inversify';
import { acceptRequest, type Resolution } from '../domain/request-rules';
import { FRIEND_GRAPH, type EventMeta, type FriendGraph } from './ports';
import { requestOfParty, ruleContext } from './rule-context';

/** The recipient accepts a pending request; the two become friends exactly once. */
@injectable()
export class AcceptFriendRequest {
  constructor(@inject(FRIEND_GRAPH) private readonly graph: FriendGraph) {}

  async execute(requestId: string, caller: string, meta: EventMeta): Promise<Resolution> {
    const request = await requestOfParty(this.graph, requestId, caller);
    const ctx = ruleContext();
    return this.graph.changePair(
      request.fromUserId,
      request.toUserId,
      (state) => acceptRequest(state, requestId, caller, ctx),
      meta,
    );
  }
}
