import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, startTestApp, type TestApp } from '../../testing/app';
import { testConfig } from '../../testing/config';
import { registerUser } from '../../testing/users';
import { WsTestClient } from '../../testing/ws';
import {
  CONSUMER_RUNNER,
  createEnvelope,
  KAFKA_PLATFORM,
  STREAM_HANDLER,
  type ConsumerRunner,
  type EventEnvelope,
  type KafkaPlatform,
  type StreamHandler,
} from '../kafka';

interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** The samples of one series in Prometheus text, with their labels. */
function samples(text: string, name: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
      const labels: Record<string, string> = {};
      for (const [, key = '', value = ''] of labelText.matchAll(/(\w+)="([^"]*)"/g)) labels[key] = value;
      return { labels, value: Number(line.slice(line.lastIndexOf(' ') + 1)) };
    });
}

describe('/metrics after real traffic (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let kafka: KafkaPlatform;
  const probeTopic = `metrics-probe-${randomUUID().slice(0, 8)}.v1`;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  /** Holds every event until released (so its group lags), and fails the ones marked to fail (the DLQ). */
  const probe: StreamHandler = {
    name: 'test.metrics-probe',
    topics: [probeTopic],
    handle: async (event: EventEnvelope) => {
      await gate;
      if ((event.payload as { fail?: boolean }).fail) throw new Error('probe told to fail');
    },
  };
  const scrape = async (): Promise<string> => {
    const res = await fetch(`${app.base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  const group = (handler: string) => `${app.booted.config.KAFKA_CONSUMER_GROUP}.${handler}`;

  before(async () => {
    const config = testConfig({ METRICS_CACHE_MS: '100', KAFKA_MAX_ATTEMPTS: '2', LOG_CONSOLE: 'false' });
    app = await startTestApp({ config });
    kafka = app.booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
  });
  after(async () => {
    release();
    await app.stop();
    await kafka.deleteTopics([probeTopic, `${probeTopic}.dlq`]).catch(() => undefined);
  });

  it('reports HTTP latency by route template, method and status', async () => {
    const user = await registerUser(app);
    await app.request('GET', '/v1/users/me', { token: user.accessToken });
    await app.request('GET', '/v1/users/not-a-uuid', { token: user.accessToken });
    await app.request('GET', `/v1/users/${user.id}?secret=1`, { token: user.accessToken });
    await app.request('GET', '/v1/no/such/route');
    const http = samples(await scrape(), 'polychat_http_request_duration_seconds_count');
    const count = (route: string, method: string, status: string) =>
      http.find((s) => s.labels['route'] === route && s.labels['method'] === method && s.labels['status'] === status)
        ?.value ?? 0;
    assert.ok(count('/v1/auth/register', 'POST', '201') >= 1);
    assert.ok(count('/v1/users/me', 'GET', '200') >= 1);
    assert.ok(count('/v1/users/:id', 'GET', '422') >= 1);
    assert.ok(count('/v1/users/:id', 'GET', '200') >= 1);
    assert.ok(count('unmatched', 'GET', '404') >= 1);
    assert.ok(
      http.every((s) => !/[0-9a-f]{8}-|secret|not-a-uuid|no\/such/.test(s.labels['route'] ?? '')),
      'no raw URLs in route labels',
    );
  });

  it('reports projection latency per handler and topic once a real event went outbox -> Kafka -> consumer', async () => {
    await registerUser(app); // user.registered: PostgreSQL outbox -> relay -> Kafka -> the users projections
    const latencies = await eventually(
      'projection latency samples',
      async () => samples(await scrape(), 'polychat_projection_latency_seconds_count'),
      (found) => found.some((s) => s.labels['topic'] === 'polychat.users.v1' && s.value >= 1),
    );
    const sums = samples(await scrape(), 'polychat_projection_latency_seconds_sum');
    for (const sample of latencies.filter((s) => s.labels['topic'] === 'polychat.users.v1')) {
      assert.ok(sample.labels['handler'], 'a handler label');
      const sum = sums.find((s) => s.labels['handler'] === sample.labels['handler'])?.value ?? -1;
      assert.ok(sum >= 0 && sum / sample.value < 60, `mean latency of ${sample.labels['handler']}: ${sum}`);
    }
  });

  it('reports the outbox backlog of each owner store', async () => {
    const backlog = samples(await scrape(), 'polychat_outbox_backlog');
    assert.deepEqual(backlog.map((s) => s.labels['store']).sort(), ['mongo', 'neo4j', 'postgres']);
    for (const sample of backlog)
      assert.ok(Number.isInteger(sample.value) && sample.value >= 0, JSON.stringify(sample));
  });

  it('reports consumer lag per topic and group, and DLQ sizes', async () => {
    const lagOf = (text: string, topic: string, groupId: string) =>
      samples(text, 'polychat_kafka_consumer_lag').find(
        (s) => s.labels['topic'] === topic && s.labels['group'] === groupId,
      )?.value;
    const caughtUp = await eventually(
      'the users projections to catch up',
      scrape,
      (text) => lagOf(text, 'polychat.users.v1', group('friends.project-user-to-graph')) === 0,
    );
    const groups = samples(caughtUp, 'polychat_kafka_consumer_lag').map((s) => s.labels['group']);
    assert.ok(
      groups.every((g) => g?.startsWith(`${app.booted.config.KAFKA_CONSUMER_GROUP}.`)),
      groups.join(),
    );
    const dlq = samples(caughtUp, 'polychat_kafka_dlq_messages');
    assert.ok(
      dlq.some((s) => s.labels['topic'] === 'polychat.users.v1.dlq' && s.value >= 0),
      JSON.stringify(dlq),
    );
  });

  it('shows a held consumer lagging, catching up, and its failures in the DLQ', async () => {
    // A handler of this test's own topic, run like the worker runs every handler; /metrics finds its
    // group through the container, as it finds the modules' handlers.
    app.booted.container.bind<StreamHandler>(STREAM_HANDLER).toConstantValue(probe);
    await app.booted.container.get<ConsumerRunner>(CONSUMER_RUNNER).start([probe]);
    const events = [false, false, true].map((fail, n) =>
      createEnvelope({ type: 'probe.happened', aggregateId: `p${n}`, payload: { fail } }),
    );
    await kafka.publish(
      probeTopic,
      events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
    );
    const lag = (text: string) =>
      samples(text, 'polychat_kafka_consumer_lag').find(
        (s) => s.labels['topic'] === probeTopic && s.labels['group'] === group(probe.name),
      )?.value;
    const dlqSize = (text: string) =>
      samples(text, 'polychat_kafka_dlq_messages').find((s) => s.labels['topic'] === `${probeTopic}.dlq`)?.value;
    const held = await eventually('the probe group to lag', scrape, (text) => (lag(text) ?? 0) >= 3);
    assert.equal(lag(held), 3);
    assert.equal(dlqSize(held), 0);
    release();
    const done = await eventually(
      'the probe group to catch up',
      scrape,
      (text) => lag(text) === 0 && dlqSize(text) === 1,
    );
    assert.equal(dlqSize(done), 1);
  });

  it('counts WebSocket connections, frames by type and refusals from real clients', async () => {
    const user = await registerUser(app);
    const gauge = async () => samples(await scrape(), 'polychat_ws_connections')[0]?.value ?? NaN;
    const before = await gauge();
    const client = await WsTestClient.connect(app.base, { token: user.accessToken });
    assert.equal((await client.request('ping', undefined, 'pong')).ok, true);
    assert.equal(await gauge(), before + 1, 'one more open connection');
    const stranger = await WsTestClient.connect(app.base);
    stranger.send({ type: 'ping', id: 'p1' }); // before authenticating: refused and closed (4001)
    assert.equal((await stranger.closed).code, 4001);
    await client.close();
    const text = await eventually(
      'both connections closed',
      scrape,
      (t) => samples(t, 'polychat_ws_connections')[0]?.value === before,
    );
    const valueOf = (name: string, label: string, value: string) =>
      samples(text, name).find((s) => s.labels[label] === value)?.value ?? 0;
    assert.ok(valueOf('polychat_ws_frames_in_total', 'type', 'auth') >= 1);
    assert.ok(valueOf('polychat_ws_frames_in_total', 'type', 'ping') >= 1);
    assert.ok(valueOf('polychat_ws_frames_out_total', 'type', 'pong') >= 1);
    assert.ok(valueOf('polychat_ws_frames_out_total', 'type', 'ack') >= 1);
    assert.ok(valueOf('polychat_ws_rejected_total', 'reason', 'unauthenticated') >= 1);
    assert.ok(valueOf('polychat_ws_connections_closed_total', 'code', '4001') >= 1);
    assert.ok(
      valueOf('polychat_ws_connections_closed_total', 'code', '1005') +
        valueOf('polychat_ws_connections_closed_total', 'code', '1000') >=
        1,
    );
  });

  it('includes the Node.js process metrics', async () => {
    const text = await scrape();
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ]) {
      assert.equal(samples(text, name).length, 1, name);
    }
  });
});
