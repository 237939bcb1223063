import { randomUUID } from 'node:crypto';
import type { EnvelopeMetadata } from '../../../platform/kafka';
import { ImportChats, ImportMessages, type ImportedMessage } from '../../chats';
import { ImportFriendships } from '../../friends';
import { ImportUsers } from '../../users';
import { rejectOf, type Reject } from '../domain/reject';
import type { Entity } from '../domain/records';
import type { BatchResult, PendingRecord } from './step-runner';

/** The use cases an import writes through, one per owning module. */
export interface ImportUseCases {
  readonly users: ImportUsers;
  readonly friendships: ImportFriendships;
  readonly chats: ImportChats;
  readonly messages: ImportMessages;
}

/**
 * Event context of one import run: no acting user, one trace id for every event it causes, and
 * the import marker every module's event factory copies into the envelopes (`createEnvelope`
 * spreads the context), so consumers treat the events as history: no notifications, no pushes,
 * no live frames (docs/decisions/0030-login-throttling-and-import-history.md).
 */
export const importContext = (): { actorId: null; traceId: string; metadata: EnvelopeMetadata } => ({
  actorId: null,
  traceId: `import:${randomUUID()}`,
  metadata: { source: 'import' },
});

type Ctx = ReturnType<typeof importContext>;

/** What an import use case reports for a batch. */
interface StoreOutcome {
  readonly created: readonly string[];
  readonly existing: readonly string[];
  readonly conflicts: readonly { readonly id: string; readonly reason: string }[];
}

const CONFLICTS: Record<string, { field: string; message: string }> = {
  id: { field: 'id', message: 'the id belongs to a deleted account' },
  username: { field: 'username', message: 'another account has this username' },
  email: { field: 'email', message: 'another account has this email' },
  direct_pair: { field: 'members', message: 'these two users already have another direct chat' },
  seq: { field: 'seq', message: 'another message holds this seq in the chat' },
  client_msg_id: { field: 'clientMsgId', message: "another of the sender's messages in the chat has this clientMsgId" },
  message_id: {
    field: 'id',
    message: 'a message id must be the one derived from its chatId and seq (docs/import-format.md)',
  },
};

/** Rejects for the records a store refused, by id. */
function conflictRejects<E extends Entity>(
  entity: E,
  batch: readonly PendingRecord<E>[],
  idOf: (record: PendingRecord<E>) => string,
  conflicts: readonly { id: string; reason: string }[],
): Reject[] {
  const byId = new Map(batch.map((pending) => [idOf(pending), pending]));
  return conflicts.flatMap(({ id, reason }) => {
    const pending = byId.get(id);
    const why = CONFLICTS[reason] ?? { field: '(record)', message: reason };
    return pending
      ? [rejectOf(entity, pending.line, pending.raw, 'conflict', why.message, { field: why.field, id })]
      : [];
  });
}

const fromOutcome = <E extends Entity>(
  entity: E,
  batch: readonly PendingRecord<E>[],
  idOf: (record: PendingRecord<E>) => string,
  outcome: StoreOutcome,
): BatchResult => ({
  created: outcome.created.length,
  existing: outcome.existing.length,
  rejects: conflictRejects(entity, batch, idOf, outcome.conflicts),
});

export const writeUsers =
  (useCases: ImportUseCases, ctx: Ctx) =>
  async (batch: readonly PendingRecord<'users'>[]): Promise<BatchResult> => {
    const outcome = await useCases.users.execute(
      batch.map((pending) => pending.record),
      ctx,
    );
    const conflicts = outcome.conflicts.map(({ id, field }) => ({ id, reason: field }));
    return fromOutcome('users', batch, (pending) => pending.record.id, { ...outcome, conflicts });
  };

const pairKeyOf = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

export const writeFriendships =
  (useCases: ImportUseCases, ctx: Ctx) =>
  async (batch: readonly PendingRecord<'friendships'>[]): Promise<BatchResult> => {
    const outcome = await useCases.friendships.execute(
      batch.map((pending) => pending.record),
      ctx,
    );
    const byKey = new Map(batch.map((pending) => [pairKeyOf(pending.record.userId, pending.record.friendId), pending]));
    const rejects = outcome.blocked.flatMap((key) => {
      const pending = byKey.get(key);
      return pending
        ? [
            rejectOf('friendships', pending.line, pending.raw, 'refused', 'a block stands between these users', {
              field: 'friendId',
            }),
          ]
        : [];
    });
    return { created: outcome.created.length, existing: outcome.existing.length, rejects };
  };

export const writeChats =
  (useCases: ImportUseCases, ctx: Ctx, tails: ReadonlyMap<string, ImportedMessage>) =>
  async (batch: readonly PendingRecord<'chats'>[]): Promise<BatchResult> => {
    const outcome = await useCases.chats.execute(
      batch.map(({ record }) => ({ chat: record, last: tails.get(record.id) })),
      ctx,
    );
    return fromOutcome('chats', batch, (pending) => pending.record.id, outcome);
  };

export const writeMessages =
  (useCases: ImportUseCases, ctx: Ctx) =>
  async (batch: readonly PendingRecord<'messages'>[]): Promise<BatchResult> => {
    const outcome = await useCases.messages.execute(
      batch.map((pending) => pending.record),
      ctx,
    );
    return fromOutcome('messages', batch, (pending) => pending.record.id, outcome);
  };
