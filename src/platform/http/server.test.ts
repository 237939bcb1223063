import assert from 'node:assert/strict';
import express from 'express';
import { listen } from './server';

describe('listen().stop', () => {
  it('lets an in-flight request finish, then refuses new connections', async () => {
    const app = express();
    app.get('/slow', (_req, res) => {
      setTimeout(() => res.json({ done: true }), 300);
    });
    const server = await listen(app, '127.0.0.1', 0);
    const url = `http://127.0.0.1:${server.port}/slow`;
    const inFlight = fetch(url);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = server.stop(5000);
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { done: true });
    await stopped;
    await assert.rejects(fetch(url));
  });

  it('cuts requests that outlive the grace period', async () => {
    const app = express();
    app.get('/hang', () => undefined);
    const server = await listen(app, '127.0.0.1', 0);
    const hanging = fetch(`http://127.0.0.1:${server.port}/hang`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.stop(200);
    assert.ok(Date.now() - started < 2000);
    await assert.rejects(hanging);
  });
});
