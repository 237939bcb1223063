import assert from 'node:assert/strict';
import type { EventPublisher, OutgoingRecord } from '../kafka';
import { createEnvelope } from '../kafka';
import { createLogger } from '../logger';
import type { OutboxEntry, OutboxSource } from './ports';
import { OutboxRelay } from './relay';

const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 });
logger.silent = true;

/** An in-memory outbox: the relay's contract without a database. */
class MemoryOutbox implements OutboxSource {
  readonly name = 'memory';
  entries: (OutboxEntry & { published: boolean })[] = [];
  private wake: (() => void) | undefined;

  add(topic: string, key: string, n: number): void {
    const envelope = createEnvelope({ type: 'test.added', aggregateId: key, payload: { n } });
    this.entries.push({ position: String(this.entries.length), topic, key, envelope, published: false });
    this.wake?.();
  }
  async tryLead() {
    return true;
  }
  async pending(limit: number) {
    return this.entries.filter((entry) => !entry.published).slice(0, limit);
  }
  async markPublished(entries: readonly OutboxEntry[]) {
    for (const entry of entries) this.entries[Number(entry.position)]!.published = true;
  }
  async subscribe(wake: () => void) {
    this.wake = wake;
    return async () => undefined;
  }
  async backlog() {
    return this.entries.filter((entry) => !entry.published).length;
  }
  async release() {}
}

class FlakyPublisher implements EventPublisher {
  down = false;
  sent: { topic: string; record: OutgoingRecord }[] = [];
  async publish(topic: string, records: readonly OutgoingRecord[]) {
    if (this.down) throw new Error('broker unavailable');
    for (const record of records) this.sent.push({ topic, record });
  }
}

async function until(predicate: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('OutboxRelay', () => {
  it('publishes in outbox order, batching consecutive entries of one topic, as soon as it is woken', async () => {
    const outbox = new MemoryOutbox();
    const publisher = new FlakyPublisher();
    const relay = new OutboxRelay(
      outbox,
      publisher,
      { batchSize: 3, pollIntervalMs: 60_000, maxBackoffMs: 50 },
      logger,
    );
    await relay.start();
    try {
      for (let n = 0; n < 7; n += 1) outbox.add(n % 3 === 2 ? 'b' : 'a', `k${n % 2}`, n);
      await until(async () => (await outbox.backlog()) === 0);
      assert.deepEqual(
        publisher.sent.map(({ record }) => (JSON.parse(String(record.value)) as { payload: { n: number } }).payload.n),
        [0, 1, 2, 3, 4, 5, 6],
      );
      assert.equal(publisher.sent[2]?.topic, 'b');
      assert.equal(publisher.sent[0]?.record.key, 'k0');
      assert.equal(publisher.sent[0]?.record.headers?.['event-type'], 'test.added');
    } finally {
      await relay.stop();
    }
  });

  it('keeps entries while the publisher fails and delivers them once it recovers', async () => {
    const outbox = new MemoryOutbox();
    const publisher = new FlakyPublisher();
    publisher.down = true;
    const relay = new OutboxRelay(
      outbox,
      publisher,
      { batchSize: 10, pollIntervalMs: 60_000, maxBackoffMs: 20 },
      logger,
    );
    await relay.start();
    try {
      outbox.add('a', 'k', 1);
      outbox.add('a', 'k', 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await outbox.backlog(), 2);
      assert.equal(publisher.sent.length, 0);
      publisher.down = false;
      await until(async () => (await outbox.backlog()) === 0);
      assert.equal(publisher.sent.length, 2);
    } finally {
      await relay.stop();
    }
  });
});
