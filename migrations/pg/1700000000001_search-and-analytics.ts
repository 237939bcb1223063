import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * PostgreSQL projections of the message stream (issue 4, docs/decisions/0009): the full-text search
 * index of messages, and per-day message counts with the event ids already counted.
 */
export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
    -- One row per message; a deleted message stays as a tombstone (body NULL) so that a late
    -- message.sent redelivery cannot bring it back. 'simple': no stemming, no stop words, any language.
    CREATE TABLE message_search (
      message_id uuid PRIMARY KEY,
      chat_id    uuid        NOT NULL,
      seq        bigint      NOT NULL,
      sender_id  uuid        NOT NULL,
      body       text,
      body_tsv   tsvector    GENERATED ALWAYS AS (to_tsvector('simple', coalesce(body, ''))) STORED,
      sent_at    timestamptz NOT NULL,
      edited_at  timestamptz,
      deleted_at timestamptz
    );
    CREATE INDEX message_search_body_tsv ON message_search USING gin (body_tsv);
    CREATE INDEX message_search_chat_seq ON message_search (chat_id, seq);

    CREATE TABLE message_counts_daily (
      chat_id uuid   NOT NULL,
      day     date   NOT NULL,
      count   bigint NOT NULL,
      PRIMARY KEY (chat_id, day)
    );
    -- Date ranges across every chat (the admin analytics of issue 7).
    CREATE INDEX message_counts_daily_day ON message_counts_daily (day);

    -- Events a counting handler has applied: the dedupe row commits with the increment.
    CREATE TABLE analytics_processed_events (
      handler      text        NOT NULL,
      event_id     uuid        NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (handler, event_id)
    );
  `);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('DROP TABLE analytics_processed_events; DROP TABLE message_counts_daily; DROP TABLE message_search;');
}
