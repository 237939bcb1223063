import pg from 'pg';

/**
 * Creates the database named in `url` if it does not exist, connecting to the server's `postgres`
 * maintenance database with the same credentials. The name is checked, then quoted as an identifier.
 */
export async function ensureDatabase(url: string): Promise<'created' | 'exists'> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,63}$/.test(name)) throw new Error(`unsupported database name '${name}'`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return 'exists';
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // Two processes racing to create it: the loser sees duplicate_database (42P04).
      if ((error as { code?: string }).code === '42P04') return 'exists';
      throw error;
    }
    return 'created';
  } finally {
    await client.end();
  }
}
