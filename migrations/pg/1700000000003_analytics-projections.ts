import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The analytics projections of issue 7 (docs/decisions/0020), all kept by stream handlers:
 * - one fact row per sent message (its dedupe key: counted once however often it is delivered,
 *   replayed or backfilled), feeding the per-chat daily counts of 0009 and the active users per
 *   UTC day and per calendar month;
 * - accounts (registration day, deleted) and friend pairs (friends or not, at the pair's version),
 *   with exact counters of live users and friendships, and the last connected-components result.
 * `message_counts_daily` counted by event id until now; `npx polychat backfill analytics` rebuilds
 * every aggregate from the facts (and the facts from the owner stores).
 */
export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
    DROP TABLE analytics_processed_events;

    CREATE TABLE analytics_message_facts (
      message_id uuid PRIMARY KEY,
      chat_id    uuid NOT NULL,
      sender_id  uuid NOT NULL,
      day        date NOT NULL
    );
    CREATE INDEX analytics_message_facts_chat ON analytics_message_facts (chat_id, day);
    CREATE INDEX analytics_message_facts_sender ON analytics_message_facts (sender_id, day);

    -- "Active" = sent at least one message (docs/decisions/0020); messages = how many.
    CREATE TABLE analytics_active_users_daily (
      day      date   NOT NULL,
      user_id  uuid   NOT NULL,
      messages bigint NOT NULL,
      PRIMARY KEY (day, user_id)
    );
    CREATE INDEX analytics_active_users_daily_user ON analytics_active_users_daily (user_id);
    CREATE TABLE analytics_active_users_monthly (
      month    date   NOT NULL, -- the first day of the calendar month
      user_id  uuid   NOT NULL,
      messages bigint NOT NULL,
      PRIMARY KEY (month, user_id)
    );
    CREATE INDEX analytics_active_users_monthly_user ON analytics_active_users_monthly (user_id);

    -- registered_day is NULL only while a user.deleted overtook its user.registered.
    CREATE TABLE analytics_users (
      user_id        uuid    PRIMARY KEY,
      registered_day date,
      deleted        boolean NOT NULL DEFAULT false,
      version        integer NOT NULL
    );
    CREATE INDEX analytics_users_registered_day ON analytics_users (registered_day);

    CREATE TABLE analytics_friend_pairs (
      lo      uuid    NOT NULL,
      hi      uuid    NOT NULL,
      friends boolean NOT NULL,
      version integer NOT NULL,
      PRIMARY KEY (lo, hi),
      CONSTRAINT analytics_friend_pairs_ordered CHECK (lo < hi)
    );
    CREATE INDEX analytics_friend_pairs_hi ON analytics_friend_pairs (hi);

    -- Exact running totals, changed (last, so lock order is fixed) in the transaction that flips a
    -- user or a pair; graph_changes counts the flips, to tell whether a components pass is current.
    CREATE TABLE analytics_counters (
      id            smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      users         bigint   NOT NULL,
      friendships   bigint   NOT NULL,
      graph_changes bigint   NOT NULL
    );
    INSERT INTO analytics_counters (id, users, friendships, graph_changes) VALUES (1, 0, 0, 0);

    -- The last connected-components pass over the friend pairs (largest component size).
    CREATE TABLE analytics_graph_components (
      id            smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      computed_at   timestamptz NOT NULL,
      graph_changes bigint      NOT NULL,
      users         bigint      NOT NULL,
      components    bigint      NOT NULL,
      largest       bigint      NOT NULL
    );
  `);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`
    DROP TABLE analytics_graph_components;
    DROP TABLE analytics_counters;
    DROP TABLE analytics_friend_pairs;
    DROP TABLE analytics_users;
    DROP TABLE analytics_active_users_monthly;
    DROP TABLE analytics_active_users_daily;
    DROP TABLE analytics_message_facts;
    CREATE TABLE analytics_processed_events (
      handler      text        NOT NULL,
      event_id     uuid        NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (handler, event_id)
    );
  `);
}
