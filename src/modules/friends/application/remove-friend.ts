import { inject, injectable } from 'inversify';
import { FriendErrors } from '../domain/errors';
import { removeFriend } from '../domain/relation-rules';
import { FRIEND_GRAPH, type EventMeta, type FriendGraph } from './ports';

/** Ends a friendship (either side may). */
@injectable()
export class RemoveFriend {
  constructor(@inject(FRIEND_GRAPH) private readonly graph: FriendGraph) {}

  async execute(caller: string, other: string, meta: EventMeta): Promise<void> {
    if (caller === other) throw FriendErrors.selfTarget('you are not your own friend');
    await this.graph.changePair(caller, other, (state) => removeFriend(state, caller, other), meta);
  }
}
