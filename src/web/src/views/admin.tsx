import { useMemo, useState } from 'preact/hooks';
import { unwrap } from '../../../sdk';
import { useLoad } from '../hooks';
import { errorText, type Session } from '../session';
import { DayChart } from './chart';

const DAYS = 14;

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Admins: messages per day, active users, top chats (charts), and the moderation queue. */
export function AdminView({ session }: { session: Session }) {
  const { rest } = session;
  const range = useMemo(() => ({ from: isoDay(Date.now() - (DAYS - 1) * 86_400_000), to: isoDay(Date.now()) }), []);
  const data = useLoad(async () => {
    const query = { params: { query: range } };
    const [messages, active, top] = await Promise.all([
      unwrap(rest.GET('/v1/analytics/messages/daily', query)),
      unwrap(rest.GET('/v1/analytics/active-users', query)),
      unwrap(rest.GET('/v1/analytics/top-chats', { params: { query: { ...range, limit: 10 } } })),
    ]);
    return { messages, active, top };
  }, [range]);

  return (
    <main class="page admin" aria-label="Admin">
      <h2>Analytics</h2>
      {data.error && <p role="alert">{data.error}</p>}
      {data.value && (
        <div class="charts">
          <DayChart
            title={`Messages per day (${data.value.messages.total} in ${DAYS} days)`}
            days={data.value.messages.days.map((d) => d.day)}
            series={[{ label: 'Messages', values: data.value.messages.days.map((d) => d.messages), color: '#2563eb' }]}
          />
          <DayChart
            title="Active users per day (sent a message)"
            days={data.value.active.daily.map((d) => d.day)}
            series={[
              { label: 'Active users', values: data.value.active.daily.map((d) => d.activeUsers), color: '#16a34a' },
            ]}
          />
          <section class="top-chats" aria-labelledby="top-heading">
            <h3 id="top-heading">Top chats</h3>
            {data.value.top.items.length === 0 && <p class="hint">No messages in the range.</p>}
            <ol data-testid="top-chats">
              {data.value.top.items.map((item) => {
                const max = data.value?.top.items[0]?.messages ?? 1;
                return (
                  <li key={item.chatId}>
                    <span
                      class="bar"
                      style={{ width: `${(100 * item.messages) / Math.max(1, max)}%` }}
                      aria-hidden="true"
                    />
                    <code>{item.chatId.slice(0, 8)}</code> {item.messages} messages
                  </li>
                );
              })}
            </ol>
          </section>
        </div>
      )}
      <ModerationQueue session={session} />
    </main>
  );
}

function ModerationQueue({ session }: { session: Session }) {
  const [error, setError] = useState<string | null>(null);
  const queue = useLoad(
    () => unwrap(session.rest.GET('/v1/moderation/queue', { params: { query: { limit: 50 } } })),
    [],
  );
  const decide = (id: string, verdict: 'approve' | 'reject') => {
    const route = verdict === 'approve' ? '/v1/moderation/queue/{id}/approve' : '/v1/moderation/queue/{id}/reject';
    unwrap(session.rest.POST(route, { params: { path: { id } } })).then(queue.reload, (failure: unknown) =>
      setError(errorText(failure)),
    );
  };
  return (
    <section aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">Moderation queue</h2>
      {(error ?? queue.error) && <p role="alert">{error ?? queue.error}</p>}
      {queue.value?.items.length === 0 && <p class="hint">Nothing awaits review.</p>}
      <ul data-testid="moderation-queue">
        {queue.value?.items.map((entry) => (
          <li key={entry.id}>
            <span class={`verdict ${entry.verdict}`}>{entry.verdict}</span> {entry.text}
            <span class="hint">
              {' '}
              (
              {Object.entries(entry.scores)
                .map(([model, score]) => `${model} ${score.toFixed(2)}`)
                .join(', ')}
              )
            </span>
            <button type="button" onClick={() => decide(entry.id, 'approve')}>
              Approve
            </button>
            <button type="button" onClick={() => decide(entry.id, 'reject')}>
              Reject
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
