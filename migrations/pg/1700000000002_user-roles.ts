import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * A role per account (issue 7, docs/decisions/0020): 'user' for everyone, 'admin' granted with
 * `npx polychat users grant-admin <username>`. The access token carries it as a claim.
 */
export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
    ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'user'
      CONSTRAINT users_role_known CHECK (role IN ('user', 'admin'));
  `);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('ALTER TABLE users DROP COLUMN role;');
}
