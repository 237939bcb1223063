import assert from 'node:assert/strict';
import { generateConversations } from './conversations';
import { generatePeople } from './people';
import { Random } from './random';

const START = Date.parse('2026-01-05T00:00:00.000Z');
const END = START + 14 * 24 * 3600_000;

describe('synthetic dataset', () => {
  it('is the same for the same seed and different for another', () => {
    const make = (seed: number) => {
      const people = generatePeople(new Random(seed, 1), 50, START, 14);
      return JSON.stringify([people, [...generateConversations(new Random(seed, 2), people, 400, END)]]);
    };
    assert.equal(make(3), make(3));
    assert.notEqual(make(3), make(4));
  });

  it('has a heavy-tailed friend degree and seqs that follow time in every chat', () => {
    const people = generatePeople(new Random(9, 1), 500, START, 14);
    const degrees = people.friendsOf.map((friends) => friends.length).sort((a, b) => a - b);
    const median = degrees[Math.floor(degrees.length / 2)] ?? 0;
    assert.ok((degrees.at(-1) ?? 0) >= 8 * median, `max ${degrees.at(-1)} vs median ${median}`);
    let total = 0;
    for (const { chat, messages } of generateConversations(new Random(9, 2), people, 3000, END)) {
      total += messages.length;
      messages.forEach((message, index) => {
        assert.equal(message.seq, index + 1);
        assert.ok(
          message.createdAt >= chat.createdAt &&
            (index === 0 || message.createdAt >= (messages[index - 1]?.createdAt ?? '')),
        );
        assert.equal(message.body === null, message.deletedAt !== null);
      });
    }
    assert.equal(total, 3000);
  });
});
