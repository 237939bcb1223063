import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '../domain/records';
import { parseLine } from './parse-line';
import { ChatBook, FriendshipBook, MessageBook, UserBook, type ReferenceCheck } from './reference-book';

const SAMPLE = path.resolve(__dirname, '..', '..', '..', '..', 'data', 'raw', 'sample');

/** Every line of an entity file of the sample through parse and reference checks; the reasons of any rejects. */
function check<E extends Entity>(entity: E, checker: ReferenceCheck<E>): string[] {
  const lines = fs.readFileSync(path.join(SAMPLE, `${entity}.jsonl`), 'utf8').split('\n');
  return lines.flatMap((raw, index) => {
    const parsed = parseLine(entity, raw, index + 1);
    if (parsed.kind === 'blank') return [];
    const reject = parsed.kind === 'reject' ? parsed.reject : checker(parsed.record, index + 1, raw);
    return reject ? [`${entity}:${reject.line} ${reject.reason} ${reject.field ?? ''} ${reject.message}`] : [];
  });
}

describe('data/raw/sample', () => {
  it('is a valid dataset: every record parses and every reference resolves', () => {
    const users = new UserBook();
    const chats = new ChatBook(users.ids);
    const problems = [
      ...check('users', users.check),
      ...check('friendships', new FriendshipBook(users.ids).check),
      ...check('chats', chats.check),
    ];
    const ids = new MessageBook(chats.chats, users.ids);
    problems.push(...check('messages', ids.check));
    problems.push(...check('messages', new MessageBook(chats.chats, users.ids, ids.ids).check));
    assert.deepEqual(problems, []);
    const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'manifest.json'), 'utf8')) as {
      counts: Record<string, number>;
    };
    assert.deepEqual(manifest.counts, {
      users: users.ids.size,
      friendships: manifest.counts['friendships'],
      chats: chats.chats.size,
      messages: ids.ids.size,
    });
  });
});
