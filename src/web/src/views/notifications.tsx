import { unwrap } from '../../../sdk';
import { link, useLoad, useObservable } from '../hooks';
import { nameOf, type Session } from '../session';

const KIND_TEXT = {
  direct_message: 'sent you a message',
  mention: 'mentioned you',
  friend_request: 'asked to be your friend',
  friend_accepted: 'accepted your friend request',
} as const;

/** The caller's notifications, newest first; opening one marks it read. */
export function NotificationsView({ session }: { session: Session }) {
  useObservable(session.state.users);
  const live = useObservable(session.notifications);
  const list = useLoad(
    () => unwrap(session.rest.GET('/v1/notifications', { params: { query: { limit: 50 } } })),
    [live],
  );
  const markRead = (id: string) =>
    void unwrap(session.rest.POST('/v1/notifications/{id}/read', { params: { path: { id } } })).then(
      list.reload,
      list.reload,
    );
  return (
    <main class="page notifications" aria-label="Notifications">
      <h2>Notifications</h2>
      {list.error && <p role="alert">{list.error}</p>}
      {list.value?.items.length === 0 && <p class="hint">Nothing yet.</p>}
      <ul data-testid="notifications">
        {list.value?.items.map((n) => {
          const target = n.chatId ? `/chats/${n.chatId}` : '/friends';
          return (
            <li key={n.id} class={n.readAt ? 'is-read' : 'is-unread'}>
              <a
                href={target}
                onClick={(event) => {
                  markRead(n.id);
                  link(target)(event);
                }}
              >
                <strong>{nameOf(session, n.actorId)}</strong> {KIND_TEXT[n.kind]}
                {n.preview && <span class="preview">: {n.preview}</span>}
              </a>
              <time dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleString()}</time>
              {!n.readAt && (
                <button type="button" onClick={() => markRead(n.id)}>
                  Mark read
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </main>
  );
}
