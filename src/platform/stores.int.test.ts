import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Schema, type Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import type { Pool } from 'pg';
import type { Booted } from '../bootstrap';
import { bootForTest } from '../testing/boot';
import { MONGO_CONNECTION } from './mongo';
import { NEO4J_DRIVER } from './neo4j';
import { PG_POOL } from './postgres';
import { REDIS } from './redis';

/** Each store's real client, as bound by bootstrap(), writes something and reads it back. */
describe('store clients (integration)', () => {
  let booted: Booted;
  const suite = `t_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

  before(async () => {
    booted = await bootForTest();
  });
  after(async () => {
    await booted.stop();
  });

  it('PostgreSQL: inserts a row and reads it back', async () => {
    const pool = booted.container.get<Pool>(PG_POOL);
    await pool.query(`CREATE TABLE ${suite} (id uuid PRIMARY KEY, body text NOT NULL)`);
    try {
      const id = randomUUID();
      await pool.query(`INSERT INTO ${suite} (id, body) VALUES ($1, $2)`, [id, 'hello pg']);
      const { rows } = await pool.query<{ body: string }>(`SELECT body FROM ${suite} WHERE id = $1`, [id]);
      assert.deepEqual(rows, [{ body: 'hello pg' }]);
    } finally {
      await pool.query(`DROP TABLE ${suite}`);
    }
  });

  it('MongoDB wire protocol: saves a document through mongoose and finds it', async () => {
    const connection = booted.container.get<Connection>(MONGO_CONNECTION);
    const Note = connection.model(suite, new Schema({ _id: String, body: String, tags: [String] }), suite);
    try {
      await Note.createCollection();
      const id = randomUUID();
      await Note.create({ _id: id, body: 'hello mongo', tags: ['a', 'b'] });
      const found = await Note.findById(id).lean();
      assert.equal(found?.body, 'hello mongo');
      assert.deepEqual(found?.tags, ['a', 'b']);
    } finally {
      await Note.collection.drop();
      connection.deleteModel(suite);
    }
  });

  it('Neo4j: creates a node and matches it', async () => {
    const driver = booted.container.get<Driver>(NEO4J_DRIVER);
    const id = randomUUID();
    try {
      await driver.executeQuery(`CREATE (:${suite} {id: $id, name: $name})`, { id, name: 'hello graph' });
      const { records } = await driver.executeQuery(`MATCH (n:${suite} {id: $id}) RETURN n.name AS name`, { id });
      assert.deepEqual(
        records.map((record) => record.get('name') as string),
        ['hello graph'],
      );
    } finally {
      await driver.executeQuery(`MATCH (n:${suite}) DETACH DELETE n`);
    }
  });

  it('Redis: sets a key under the configured prefix and gets it', async () => {
    const redis = booted.container.get<Redis>(REDIS);
    await redis.set(`${suite}:greeting`, 'hello redis', 'EX', 60);
    try {
      assert.equal(await redis.get(`${suite}:greeting`), 'hello redis');
      const unprefixed = new Redis(booted.config.REDIS_URL);
      try {
        assert.equal(await unprefixed.get(`${booted.config.REDIS_KEY_PREFIX}${suite}:greeting`), 'hello redis');
      } finally {
        unprefixed.disconnect();
      }
    } finally {
      await redis.del(`${suite}:greeting`);
    }
  });
});
