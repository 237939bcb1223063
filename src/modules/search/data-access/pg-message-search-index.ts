import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL } from '../../../platform/postgres';
import { storableText } from '../../../platform/validation';
import type {
  IndexedMessage,
  MessageDeletion,
  MessageEdit,
  MessageSearchIndex,
  SearchQuery,
  SearchResult,
} from '../application/ports';
import type { SearchHit } from '../domain/search';

interface HitRow {
  message_id: string;
  chat_id: string;
  seq: string;
  sender_id: string;
  body: string;
  sent_at: Date;
  edited_at: Date | null;
  /** sent_at in UTC with microseconds: the exact keyset position. */
  position: string;
}

const toHit = (row: HitRow): SearchHit => ({
  messageId: row.message_id,
  chatId: row.chat_id,
  seq: Number(row.seq),
  senderId: row.sender_id,
  body: row.body,
  sentAt: row.sent_at.toISOString(),
  editedAt: row.edited_at ? row.edited_at.toISOString() : null,
});

/**
 * `message_search` in PostgreSQL: a tsvector column generated with the 'simple' configuration and
 * a GIN index (docs/decisions/0009). Deleted messages stay as body-less tombstones. Bodies are
 * stored with storableText: a NUL (refused by the API, but possible in older or imported messages)
 * becomes U+FFFD instead of failing the insert and stalling the projection (docs/decisions/0028).
 */
@injectable()
export class PgMessageSearchIndex implements MessageSearchIndex {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  async indexSent(message: IndexedMessage): Promise<void> {
    // A redelivered send, or one arriving after its deletion, finds the row and changes nothing.
    await this.pool.query(
      `INSERT INTO message_search (message_id, chat_id, seq, sender_id, body, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_id) DO NOTHING`,
      [message.messageId, message.chatId, message.seq, message.senderId, storableText(message.body), message.sentAt],
    );
  }

  async indexSentMany(messages: readonly IndexedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // One statement for the batch: arrays bound as parameters, unnested into rows.
    await this.pool.query(
      `INSERT INTO message_search (message_id, chat_id, seq, sender_id, body, sent_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::text[], $6::timestamptz[])
       ON CONFLICT (message_id) DO NOTHING`,
      [
        messages.map((message) => message.messageId),
        messages.map((message) => message.chatId),
        messages.map((message) => message.seq),
        messages.map((message) => message.senderId),
        messages.map((message) => storableText(message.body)),
        messages.map((message) => message.sentAt),
      ],
    );
  }

  async applyEdits(edits: readonly MessageEdit[]): Promise<void> {
    // Of several edits of one message, only the newest can apply (each applies only when newer).
    const newest = new Map<string, MessageEdit>();
    for (const edit of edits) {
      const held = newest.get(edit.messageId);
      if (!held || Date.parse(held.editedAt) < Date.parse(edit.editedAt)) newest.set(edit.messageId, edit);
    }
    if (newest.size === 0) return;
    const rows = [...newest.values()];
    await this.pool.query(
      `UPDATE message_search s SET body = e.body, edited_at = e.edited_at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS e(message_id, chat_id, body, edited_at)
       WHERE s.message_id = e.message_id AND s.chat_id = e.chat_id AND s.deleted_at IS NULL
         AND (s.edited_at IS NULL OR s.edited_at < e.edited_at)`,
      [
        rows.map((edit) => edit.messageId),
        rows.map((edit) => edit.chatId),
        rows.map((edit) => storableText(edit.body)),
        rows.map((edit) => edit.editedAt),
      ],
    );
  }

  async applyDeletions(deletions: readonly MessageDeletion[]): Promise<void> {
    const first = new Map<string, MessageDeletion>();
    for (const deletion of deletions) if (!first.has(deletion.messageId)) first.set(deletion.messageId, deletion);
    if (first.size === 0) return;
    const rows = [...first.values()];
    await this.pool.query(
      `UPDATE message_search s SET body = NULL, deleted_at = d.deleted_at
       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS d(message_id, chat_id, deleted_at)
       WHERE s.message_id = d.message_id AND s.chat_id = d.chat_id AND s.deleted_at IS NULL`,
      [rows.map((row) => row.messageId), rows.map((row) => row.chatId), rows.map((row) => row.deletedAt)],
    );
  }

  async applyEdit(edit: MessageEdit): Promise<void> {
    await this.pool.query(
      `UPDATE message_search SET body = $3, edited_at = $4
       WHERE message_id = $1 AND chat_id = $2 AND deleted_at IS NULL
         AND (edited_at IS NULL OR edited_at < $4)`,
      [edit.messageId, edit.chatId, storableText(edit.body), edit.editedAt],
    );
  }

  async applyDeletion(deletion: MessageDeletion): Promise<void> {
    await this.pool.query(
      `UPDATE message_search SET body = NULL, deleted_at = $3
       WHERE message_id = $1 AND chat_id = $2 AND deleted_at IS NULL`,
      [deletion.messageId, deletion.chatId, deletion.deletedAt],
    );
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { rows } = await this.pool.query<HitRow>(
      `SELECT message_id, chat_id, seq, sender_id, body, sent_at, edited_at,
              to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
       FROM message_search
       WHERE chat_id = ANY($1::uuid[]) AND deleted_at IS NULL
         AND body_tsv @@ websearch_to_tsquery('simple', $2)
         AND ($3::timestamptz IS NULL OR sent_at < $3 OR (sent_at = $3 AND message_id > $4::uuid))
       ORDER BY sent_at DESC, message_id
       LIMIT $5`,
      [query.chatIds, query.text, query.after?.sentAt ?? null, query.after?.messageId ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      hits: page.map(toHit),
      next: rows.length > query.limit && last ? { sentAt: last.position, messageId: last.message_id } : null,
    };
  }
}
