import { inject, injectable } from 'inversify';
import { FriendErrors } from '../domain/errors';
import { unblockUser } from '../domain/relation-rules';
import { FRIEND_GRAPH, type EventMeta, type FriendGraph } from './ports';

/** Lifts the caller's block on a user. */
@injectable()
export class UnblockUser {
  constructor(@inject(FRIEND_GRAPH) private readonly graph: FriendGraph) {}

  async execute(caller: string, target: string, meta: EventMeta): Promise<void> {
    if (caller === target) throw FriendErrors.selfTarget('you cannot block yourself');
    await this.graph.changePair(caller, target, (state) => unblockUser(state, caller, target), meta);
  }
}
