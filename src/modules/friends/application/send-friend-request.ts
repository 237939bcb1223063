import { inject, injectable } from 'inversify';
import { FriendErrors } from '../domain/errors';
import { sendRequest, type SendOutcome } from '../domain/request-rules';
import { FRIEND_GRAPH, type EventMeta, type FriendGraph } from './ports';
import { ruleContext } from './rule-context';

/** Sends a friend request, or accepts the one the other user already sent (see sendRequest). */
@injectable()
export class SendFriendRequest {
  constructor(@inject(FRIEND_GRAPH) private readonly graph: FriendGraph) {}

  execute(from: string, to: string, meta: EventMeta): Promise<SendOutcome> {
    if (from === to) throw FriendErrors.selfTarget('you cannot befriend yourself');
    const ctx = ruleContext();
    return this.graph.changePair(from, to, (state) => sendRequest(state, from, to, ctx), meta);
  }
}
