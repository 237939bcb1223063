import { inject, injectable } from 'inversify';
import { FriendErrors } from '../domain/errors';
import type { Block } from '../domain/model';
import { blockUser } from '../domain/relation-rules';
import { FRIEND_GRAPH, type EventMeta, type FriendGraph } from './ports';
import { ruleContext } from './rule-context';

/** Blocks a user: removes friendship and pending requests, refuses new ones both ways. Idempotent. */
@injectable()
export class BlockUser {
  constructor(@inject(FRIEND_GRAPH) private readonly graph: FriendGraph) {}

  execute(caller: string, target: string, meta: EventMeta): Promise<{ block: Block; created: boolean }> {
    if (caller === target) throw FriendErrors.selfTarget('you cannot block yourself');
    const ctx = ruleContext();
    return this.graph.changePair(caller, target, (state) => blockUser(state, caller, target, ctx), meta);
  }
}
