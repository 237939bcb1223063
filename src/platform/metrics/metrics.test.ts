import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { CachedReading } from './cached-reading';
import { BoundedLabel } from './label-values';
import { Metrics } from './metrics';
import { PromWsMetrics } from './ws-metrics';

describe('CachedReading', () => {
  it('reuses a fresh reading, shares one in flight, and reads again once stale', async () => {
    let now = 0;
    let reads = 0;
    const reading = new CachedReading(
      async () => {
        reads += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return reads;
      },
      1000,
      500,
      () => now,
    );
    assert.deepEqual(await Promise.all([reading.get(), reading.get()]), [1, 1]);
    now = 999;
    assert.equal(await reading.get(), 1);
    now = 1000;
    assert.equal(await reading.get(), 2);
    assert.equal(reads, 2);
  });

  it('gives up on a slow reading without caching the failure', async () => {
    let slow = true;
    const reading = new CachedReading(
      () => new Promise<string>((resolve) => setTimeout(() => resolve('late'), slow ? 200 : 0)),
      1000,
      50,
    );
    await assert.rejects(reading.get(), /no answer within 50ms/);
    slow = false;
    await new Promise((resolve) => setTimeout(resolve, 200)); // the slow read settles
    assert.equal(await reading.get(), 'late');
  });

  it('does not cache a failed reading', async () => {
    let fail = true;
    const reading = new CachedReading(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve(7)), 1000, 100);
    await assert.rejects(reading.get(), /down/);
    fail = false;
    assert.equal(await reading.get(), 7);
  });
});

describe('BoundedLabel', () => {
  it('keeps well-formed values up to the bound, then says other', () => {
    const label = new BoundedLabel(2);
    assert.equal(label.of('message.send'), 'message.send');
    assert.equal(label.of('<script>'), 'invalid');
    assert.equal(label.of('x'.repeat(65)), 'invalid');
    assert.equal(label.of('ping'), 'ping');
    assert.equal(label.of('typing'), 'other');
    assert.equal(label.of('message.send'), 'message.send');
  });
});

describe('PromWsMetrics', () => {
  it('counts connections, frames by type and refusals, with bounded labels', async () => {
    const registry = new Registry();
    const ws = new PromWsMetrics(registry);
    ws.connectionOpened();
    ws.connectionOpened();
    ws.connectionClosed(4001);
    ws.frameIn('message.send');
    ws.frameIn('message.send');
    ws.frameIn('bad type!');
    ws.frameOut('ack');
    ws.rejected('rate_limited');
    const text = await registry.metrics();
    assert.match(text, /^polychat_ws_connections 1$/m);
    assert.match(text, /^polychat_ws_connections_closed_total\{code="4001"\} 1$/m);
    assert.match(text, /^polychat_ws_frames_in_total\{type="message.send"\} 2$/m);
    assert.match(text, /^polychat_ws_frames_in_total\{type="invalid"\} 1$/m);
    assert.match(text, /^polychat_ws_frames_out_total\{type="ack"\} 1$/m);
    assert.match(text, /^polychat_ws_rejected_total\{reason="rate_limited"\} 1$/m);
  });
});

describe('Metrics', () => {
  it('exposes the Node process metrics and the HTTP histogram by route template', async () => {
    const metrics = new Metrics();
    metrics.http.observe('/v1/chats/:id', 'GET', 200, 0.02);
    metrics.http.observe(undefined, 'BREW', 404, 0.001);
    const { contentType, body } = await metrics.scrape();
    assert.match(contentType, /^text\/plain/);
    assert.match(body, /^process_cpu_user_seconds_total /m);
    assert.match(body, /^nodejs_eventloop_lag_seconds /m);
    assert.match(
      body,
      /^polychat_http_request_duration_seconds_count\{route="\/v1\/chats\/:id",method="GET",status="200"\} 1$/m,
    );
    assert.match(body, /route="unmatched",method="OTHER",status="404"/);
  });
});
