import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL } from '../../../platform/postgres';
import { storableText } from '../../../platform/validation';
import type { MessageSnapshot } from '../../chats';
import type { IdRange, IndexedState, SearchIndexStates } from '../application/reconciliation-ports';

interface Row {
  message_id: string;
  chat_id: string;
  seq: string;
  sender_id: string;
  body: string | null;
  sent_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

const COLUMNS = 'message_id, chat_id, seq, sender_id, body, sent_at, edited_at, deleted_at';

const toState = (row: Row): IndexedState => ({
  id: row.message_id,
  chatId: row.chat_id,
  seq: Number(row.seq),
  senderId: row.sender_id,
  body: row.body,
  sentAt: row.sent_at.toISOString(),
  editedAt: row.edited_at?.toISOString() ?? null,
  deletedAt: row.deleted_at?.toISOString() ?? null,
});

/** `message_search` for backfill and reconcile (docs/decisions/0009, 0019). */
@injectable()
export class PgSearchIndexStates implements SearchIndexStates {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  async range(range: IdRange, within?: readonly string[]): Promise<IndexedState[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM message_search
       WHERE ($1::uuid IS NULL OR message_id > $1::uuid) AND ($2::uuid IS NULL OR message_id <= $2::uuid)
         AND ($3::uuid[] IS NULL OR chat_id = ANY($3::uuid[]))
       ORDER BY message_id`,
      [range.after ?? null, range.upTo ?? null, within ? [...within] : null],
    );
    return rows.map(toState);
  }

  async byIds(ids: readonly string[]): Promise<IndexedState[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM message_search WHERE message_id = ANY($1::uuid[]) ORDER BY message_id`,
      [[...ids]],
    );
    return rows.map(toState);
  }

  /**
   * One upsert for the batch: the owner's state replaces the row, except where the row already holds
   * a later edit (a message.edited applied after the snapshot was read).
   */
  async apply(messages: readonly MessageSnapshot[]): Promise<void> {
    if (messages.length === 0) return;
    await this.pool.query(
      `INSERT INTO message_search (message_id, chat_id, seq, sender_id, body, sent_at, edited_at, deleted_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::text[], $6::timestamptz[],
                            $7::timestamptz[], $8::timestamptz[])
       ON CONFLICT (message_id) DO UPDATE SET
         chat_id = EXCLUDED.chat_id, seq = EXCLUDED.seq, sender_id = EXCLUDED.sender_id, body = EXCLUDED.body,
         sent_at = EXCLUDED.sent_at, edited_at = EXCLUDED.edited_at, deleted_at = EXCLUDED.deleted_at
       WHERE message_search.edited_at IS NULL OR EXCLUDED.edited_at >= message_search.edited_at
         OR EXCLUDED.deleted_at IS NOT NULL`,
      [
        messages.map((message) => message.id),
        messages.map((message) => message.chatId),
        messages.map((message) => message.seq),
        messages.map((message) => message.senderId),
        messages.map((message) => (message.body === null ? null : storableText(message.body))),
        messages.map((message) => message.sentAt),
        messages.map((message) => message.editedAt),
        messages.map((message) => message.deletedAt),
      ],
    );
  }

  async forget(rows: readonly IndexedState[]): Promise<void> {
    await this.pool.query('DELETE FROM message_search WHERE message_id = ANY($1::uuid[])', [rows.map((row) => row.id)]);
  }
}
