import { randomUUID } from 'node:crypto';
import { FriendErrors } from '../domain/errors';
import type { FriendRequest, RuleContext } from '../domain/model';
import type { FriendGraph } from './ports';

/** The time and a fresh id for one command (fixed across transaction retries). */
export const ruleContext = (): RuleContext => ({ now: new Date().toISOString(), newId: randomUUID() });

/** A pending request the caller is a party to; 404 for anyone else, as if it did not exist. */
export async function requestOfParty(graph: FriendGraph, id: string, caller: string): Promise<FriendRequest> {
  const request = await graph.findRequest(id);
  if (!request || (request.fromUserId !== caller && request.toUserId !== caller)) throw FriendErrors.requestNotFound();
  return request;
}
