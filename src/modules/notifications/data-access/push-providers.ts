import { createHmac } from 'node:crypto';
import type { Logger } from '../../../platform/logger';
import type { PushProvider } from '../application/ports';
import type { Notification } from '../domain/notification';

/** The default: no push gateway configured, so a push is a log line (ids only, no message text). */
export class LogPushProvider implements PushProvider {
  readonly name = 'log';

  constructor(private readonly logger: Logger) {}

  push(notification: Notification): Promise<void> {
    this.logger.info('push (log provider)', {
      notification: notification.id,
      userId: notification.userId,
      kind: notification.kind,
    });
    return Promise.resolve();
  }
}

export interface WebhookOptions {
  readonly url: string;
  readonly secret: string;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly timeoutMs: number;
}

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe-style receivers expect. */
export const SIGNATURE_HEADER = 'x-polychat-signature';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs each notification as JSON to a push gateway, signed with HMAC-SHA256 over the timestamp and
 * body. Network errors, 429 and 5xx are retried with exponential backoff and jitter; any other
 * status is final.
 */
export class WebhookPushProvider implements PushProvider {
  readonly name = 'webhook';

  constructor(
    private readonly options: WebhookOptions,
    private readonly logger: Logger,
  ) {}

  async push(notification: Notification): Promise<void> {
    const body = JSON.stringify({ type: 'notification', notification });
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt(body);
      if (outcome.ok) return;
      if (outcome.final || attempt >= this.options.attempts) {
        throw new Error(`webhook gave up after ${attempt} attempt(s): ${outcome.reason}`);
      }
      const delay = this.options.backoffMs * 2 ** (attempt - 1);
      this.logger.warn('webhook push failed, retrying', {
        notification: notification.id,
        attempt,
        reason: outcome.reason,
      });
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
    }
  }

  private async attempt(body: string): Promise<{ ok: true } | { ok: false; final: boolean; reason: string }> {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signWebhook(this.options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true };
      return { ok: false, final: res.status !== 429 && res.status < 500, reason: `status ${res.status}` };
    } catch (error) {
      return { ok: false, final: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
