import { useEffect, useState } from 'preact/hooks';
import { link, navigate, route, useObservable } from './hooks';
import { openSession, restoreSession, type Session } from './session';
import type { AdminView as AdminViewType } from './views/admin';
import { ChatList } from './views/chat-list';
import { ChatView } from './views/chat-view';
import { FriendsView } from './views/friends';
import { LoginView } from './views/login';
import { NotificationsView } from './views/notifications';
import { SearchView } from './views/search';

/** The whole client: sign-in until there is a session, then the shell with its screens. */
export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    restoreSession().then(setSession, () => setSession(null));
  }, []);
  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) {
    return (
      <LoginView
        onLogin={async (username, password) => setSession(await openSession({ kind: 'login', username, password }))}
        onRegister={async (fields) => setSession(await openSession({ kind: 'register', ...fields }))}
      />
    );
  }
  return (
    <Shell
      session={session}
      onLogout={() => {
        void session.close({ logout: true }).finally(() => setSession(null));
      }}
    />
  );
}

const SCREENS = [
  { path: '/chats', label: 'Chats' },
  { path: '/friends', label: 'Friends' },
  { path: '/search', label: 'Search' },
  { path: '/notifications', label: 'Notifications' },
] as const;

function Shell({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const path = useObservable(route);
  const connection = useObservable(session.connection);
  const screens = session.me.role === 'admin' ? [...SCREENS, { path: '/admin', label: 'Admin' }] : SCREENS;
  const chatId = /^\/chats\/([0-9a-f-]{36})$/.exec(path)?.[1];
  useEffect(() => {
    if (path === '/' || path === '/login') navigate('/chats');
  }, [path]);

  return (
    <div class="shell">
      <header class="topbar">
        <a href="/chats" class="brand" onClick={link('/chats')}>
          polychat
        </a>
        <nav aria-label="Screens">
          {screens.map((screen) => (
            <a
              key={screen.path}
              href={screen.path}
              onClick={link(screen.path)}
              aria-current={path.startsWith(screen.path) ? 'page' : undefined}
            >
              {screen.label}
            </a>
          ))}
        </nav>
        <span class={`connection ${connection}`} role="status" aria-live="polite" data-testid="connection">
          {connection === 'online' ? 'Online' : connection === 'connecting' ? 'Connecting…' : 'Offline — reconnecting'}
        </span>
        <span class="me">{session.me.displayName}</span>
        <button type="button" onClick={onLogout}>
          Sign out
        </button>
      </header>
      <div class="body">
        {path.startsWith('/chats') && (
          <>
            <ChatList session={session} selected={chatId} />
            {chatId ? <ChatView key={chatId} session={session} chatId={chatId} /> : <EmptyChat />}
          </>
        )}
        {path.startsWith('/friends') && <FriendsView session={session} />}
        {path.startsWith('/search') && <SearchView session={session} />}
        {path.startsWith('/notifications') && <NotificationsView session={session} />}
        {path.startsWith('/admin') && session.me.role === 'admin' && <LazyAdmin session={session} />}
      </div>
    </div>
  );
}

/** The admin screen and its chart library load only when an admin opens it. */
function LazyAdmin({ session }: { session: Session }) {
  const [view, setView] = useState<{ AdminView: typeof AdminViewType } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    import('./views/admin').then(setView, (failure: unknown) => setError(String(failure)));
  }, []);
  if (error) return <p role="alert">{error}</p>;
  return view ? <view.AdminView session={session} /> : <p class="loading">Loading…</p>;
}

function EmptyChat() {
  return (
    <main class="chat empty" aria-label="Chat">
      <p>Pick a chat, or start one from Friends.</p>
    </main>
  );
}
