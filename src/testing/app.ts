import type { Booted } from '../bootstrap';
import type { Config } from '../config';
import type { RunningHttpServer } from '../platform/http';
import { createPolychatClient, type PolychatClient, type Tokens } from '../sdk/index.js';
import { startApi } from '../roles/api';
import { startWorker } from '../roles/worker';
import { bootForTest } from './boot';
import { testConfig } from './config';

/**
 * A polychat process started in-process on an ephemeral port, with a raw JSON client (`request`,
 * for any body, malformed ones included) and typed SDK clients (`client`).
 */
export interface TestApp {
  readonly booted: Booted;
  readonly http: RunningHttpServer;
  readonly base: string;
  /** An SDK client of this app (src/sdk), signed in with `tokens` when given (a RegisteredUser fits). */
  client(tokens?: Tokens): PolychatClient;
  request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<TestResponse<T>>;
  stop(): Promise<void>;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly token?: string;
  /** Sent as is (for malformed-body tests) instead of JSON-encoding `body`. */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

export interface TestResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** Boots the real container against the test namespaces and starts the api (and worker) roles. */
export async function startTestApp(options: { worker?: boolean; config?: Config } = {}): Promise<TestApp> {
  const booted = await bootForTest(options.config ?? testConfig());
  try {
    if (options.worker ?? true) await startWorker(booted);
    const http = await startApi(booted);
    const base = `http://127.0.0.1:${http.port}`;
    return {
      booted,
      http,
      base,
      client: (tokens) =>
        createPolychatClient({
          baseUrl: base,
          ...(tokens ? { tokens: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken } } : {}),
        }),
      async request<T>(method: string, path: string, request: RequestOptions = {}): Promise<TestResponse<T>> {
        const headers: Record<string, string> = { ...request.headers };
        if (request.token) headers['authorization'] = `Bearer ${request.token}`;
        let body: string | undefined = request.raw;
        if (body === undefined && request.body !== undefined) body = JSON.stringify(request.body);
        if (body !== undefined) headers['content-type'] ??= 'application/json';
        const res = await fetch(`${base}${path}`, { method, headers, body });
        const text = await res.text();
        return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
      },
      stop: () => booted.stop(),
    };
  } catch (error) {
    await booted.stop();
    throw error;
  }
}

/** Polls `probe` until `done` holds; fails naming `what` (and the last value) after `ms`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
