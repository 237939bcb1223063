import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Users (the owner store of accounts and credentials), refresh tokens, and the PostgreSQL outbox
 * that carries every user event to Kafka in the same transaction as the change.
 */
export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
    CREATE TABLE users (
      id            uuid PRIMARY KEY,
      username      text,
      email         text,
      display_name  text,
      password_hash text,
      version       integer     NOT NULL DEFAULT 1,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      deleted_at    timestamptz,
      CONSTRAINT users_live_has_credentials CHECK (
        deleted_at IS NOT NULL OR (username IS NOT NULL AND email IS NOT NULL AND password_hash IS NOT NULL)
      )
    );
    -- Case-insensitive uniqueness; a deleted account frees its username and email (NULLs).
    CREATE UNIQUE INDEX users_username_key ON users (lower(username));
    CREATE UNIQUE INDEX users_email_key ON users (lower(email));
    -- Prefix search on usernames, in cursor order.
    CREATE INDEX users_username_prefix ON users (lower(username) text_pattern_ops) WHERE deleted_at IS NULL;

    CREATE TABLE refresh_tokens (
      id          uuid PRIMARY KEY,
      user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      family_id   uuid        NOT NULL,
      token_hash  bytea       NOT NULL UNIQUE,
      created_at  timestamptz NOT NULL DEFAULT now(),
      expires_at  timestamptz NOT NULL,
      rotated_at  timestamptz,
      revoked_at  timestamptz
    );
    CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
    CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

    CREATE TABLE outbox (
      seq          bigserial PRIMARY KEY,
      event_id     uuid        NOT NULL UNIQUE,
      topic        text        NOT NULL,
      message_key  text        NOT NULL,
      envelope     jsonb       NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    );
    CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;
  `);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('DROP TABLE outbox; DROP TABLE refresh_tokens; DROP TABLE users;');
}
