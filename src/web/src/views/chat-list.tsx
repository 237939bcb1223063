import { fieldOf } from '../forms';
import { useState } from 'preact/hooks';
import { link, useObservable } from '../hooks';
import { chatTitle, errorText, type Session } from '../session';
import type { Chat } from '../types';

/** The caller's chats, most recently active first, with unread counts and the last message. */
export function ChatList({ session, selected }: { session: Session; selected: string | undefined }) {
  const chats = useObservable(session.state.chats);
  useObservable(session.state.users);
  const presence = useObservable(session.state.presence);
  const sorted = [...chats.values()].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
  return (
    <aside class="chat-list" aria-label="Chats">
      <NewGroup session={session} />
      {sorted.length === 0 && <p class="hint">No chats yet.</p>}
      <ul>
        {sorted.map((chat) => {
          const other = directPeer(chat, session.me.id);
          const status = other ? (presence.get(other) ?? 'offline') : undefined;
          return (
            <li key={chat.id}>
              <a
                href={`/chats/${chat.id}`}
                onClick={link(`/chats/${chat.id}`)}
                aria-current={chat.id === selected ? 'page' : undefined}
                data-testid="chat-link"
              >
                <span class="title">
                  {status && <span class={`dot ${status}`} aria-label={status} />}
                  {chatTitle(session, chat)}
                </span>
                {chat.unreadCount > 0 && (
                  <span class="unread" aria-label={`${chat.unreadCount} unread`} data-testid="unread">
                    {chat.unreadCount}
                  </span>
                )}
                <span class="last">{chat.lastMessage ? chat.lastMessage.preview : 'No messages yet'}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}

/** The other member of a direct chat. */
export function directPeer(chat: Chat, meId: string): string | undefined {
  return chat.type === 'direct' ? chat.members.find((m) => m.userId !== meId)?.userId : undefined;
}

function NewGroup({ session }: { session: Session }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="new-group"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const title = fieldOf(form, 'title');
        if (!title) return;
        session.createGroup(title).then(
          () => {
            form.reset();
            setError(null);
          },
          (failure: unknown) => setError(errorText(failure)),
        );
      }}
    >
      <label>
        New group
        <input name="title" placeholder="Group name" maxLength={100} />
      </label>
      <button type="submit">Create</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
