import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER } from '../modules/notifications';

/** One push the receiver got: its body and signature header. */
export interface ReceivedPush {
  readonly body: string;
  readonly signature: string;
}

/** A push gateway on loopback that records what it receives (NOTIFY_WEBHOOK_URL = `url`). */
export interface WebhookReceiver {
  readonly server: Server;
  readonly url: string;
  readonly received: ReceivedPush[];
}

/** Starts a webhook receiver on an ephemeral loopback port; close `server` when done. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedPush[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ body, signature: String(req.headers[SIGNATURE_HEADER]) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`, received };
}
