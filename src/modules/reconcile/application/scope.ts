import { AppError } from '../../../platform/errors';
import type { ProjectionPair, ReconcileScope } from './ports';

/**
 * The list that narrows `pair` in this scope: undefined for an unscoped run (everything), the user
 * or chat ids for a pair keyed by them, or 'skip' when the scope says nothing the pair is keyed by.
 */
export function withinFor(pair: ProjectionPair, scope: ReconcileScope): readonly string[] | undefined | 'skip' {
  if (scope.userIds === undefined && scope.chatIds === undefined) return undefined;
  if (pair.scopedBy === 'users') return scope.userIds ?? 'skip';
  if (pair.scopedBy === 'chats') return scope.chatIds ?? 'skip';
  return 'skip';
}

/** The pairs named (in their own order); an unknown name is an error listing the known ones. */
export function pairsNamed(pairs: readonly ProjectionPair[], names: readonly string[] | undefined): ProjectionPair[] {
  if (names === undefined) return [...pairs];
  const unknown = names.filter((name) => !pairs.some((pair) => pair.name === name));
  if (unknown.length > 0) {
    throw new AppError(
      'RECONCILE.UNKNOWN_PAIR',
      `unknown pair ${unknown.join(', ')}; known: ${pairs.map((p) => p.name).join(', ')}`,
    );
  }
  return pairs.filter((pair) => names.includes(pair.name));
}
