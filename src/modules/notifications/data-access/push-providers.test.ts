import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../../platform/logger';
import type { Notification } from '../domain/notification';
import { SIGNATURE_HEADER, signWebhook, WebhookPushProvider } from './push-providers';

const notification: Notification = {
  id: '6f1c1f5e-0000-5000-a000-000000000001',
  userId: '6f1c1f5e-0000-4000-8000-000000000002',
  kind: 'direct_message',
  actorId: '6f1c1f5e-0000-4000-8000-000000000003',
  chatId: null,
  messageId: null,
  requestId: null,
  preview: 'hi',
  createdAt: new Date(0).toISOString(),
  readAt: null,
};

/** A webhook receiver on loopback answering each attempt with the next status in `statuses`. */
async function receiver(
  statuses: number[],
): Promise<{ server: Server; url: string; attempts: { body: string; signature: string }[] }> {
  const attempts: { body: string; signature: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      attempts.push({ body, signature: String(req.headers[SIGNATURE_HEADER]) });
      res.writeHead(statuses[attempts.length - 1] ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, attempts };
}

describe('WebhookPushProvider', () => {
  const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1, console: false });
  const provider = (url: string) =>
    new WebhookPushProvider({ url, secret: 's3cret', attempts: 4, backoffMs: 10, timeoutMs: 2000 }, logger);

  it('retries 5xx and 429 with backoff until it is accepted, signing every attempt', async () => {
    const { server, url, attempts } = await receiver([500, 429, 503, 204]);
    try {
      await provider(url).push(notification);
      assert.equal(attempts.length, 4);
      for (const attempt of attempts) {
        const t = Number(/^t=(\d+),v1=[0-9a-f]{64}$/.exec(attempt.signature)?.[1]);
        assert.equal(attempt.signature, signWebhook('s3cret', t, attempt.body));
        assert.equal((JSON.parse(attempt.body) as { notification: { id: string } }).notification.id, notification.id);
      }
    } finally {
      server.close();
    }
  });

  it('gives up at once on a 4xx, and after the last attempt on repeated 5xx', async () => {
    const refused = await receiver([400]);
    const failing = await receiver([500, 500, 500, 500, 500]);
    try {
      await assert.rejects(provider(refused.url).push(notification), /after 1 attempt/);
      assert.equal(refused.attempts.length, 1);
      await assert.rejects(provider(failing.url).push(notification), /after 4 attempt/);
      assert.equal(failing.attempts.length, 4);
    } finally {
      refused.server.close();
      failing.server.close();
    }
  });

  it('retries when nothing listens', async () => {
    await assert.rejects(provider('http://127.0.0.1:9/').push(notification), /after 4 attempt/);
  });
});
