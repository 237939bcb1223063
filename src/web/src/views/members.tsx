import { fieldOf } from '../forms';
import { useState } from 'preact/hooks';
import { useObservable } from '../hooks';
import { errorText, nameOf, type Session } from '../session';
import { unwrap } from '../../../sdk';
import type { Chat } from '../types';

/** A group's members: add friends, change roles (owners), remove (admins), or leave. */
export function Members({ session, chat }: { session: Session; chat: Chat }) {
  useObservable(session.state.users);
  const [error, setError] = useState<string | null>(null);
  const myRole = chat.members.find((m) => m.userId === session.me.id)?.role ?? 'member';
  const admin = myRole === 'owner' || myRole === 'admin';
  const run = (call: () => Promise<unknown>) => {
    setError(null);
    call()
      .then(() => session.openChat(chat.id))
      .catch((failure: unknown) => setError(errorText(failure)));
  };
  const path = (userId: string) => ({ path: { id: chat.id, userId } });

  return (
    <section class="members" aria-label="Members">
      <ul>
        {chat.members.map((member) => (
          <li key={member.userId}>
            {nameOf(session, member.userId)} <span class="role">{member.role}</span>
            {myRole === 'owner' && member.userId !== session.me.id && (
              <select
                aria-label={`Role of ${nameOf(session, member.userId)}`}
                value={member.role}
                onChange={(event) => {
                  const role = event.currentTarget.value as 'admin' | 'member' | 'owner';
                  run(() =>
                    unwrap(
                      session.rest.PATCH('/v1/chats/{id}/members/{userId}', {
                        params: path(member.userId),
                        body: { role },
                      }),
                    ),
                  );
                }}
              >
                <option value="member">member</option>
                <option value="admin">admin</option>
                <option value="owner">owner</option>
              </select>
            )}
            {(admin || member.userId === session.me.id) && member.role !== 'owner' && (
              <button
                type="button"
                onClick={() =>
                  run(() =>
                    unwrap(session.rest.DELETE('/v1/chats/{id}/members/{userId}', { params: path(member.userId) })),
                  )
                }
              >
                {member.userId === session.me.id ? 'Leave' : 'Remove'}
              </button>
            )}
          </li>
        ))}
      </ul>
      {admin && (
        <AddMember
          session={session}
          chat={chat}
          onAdd={(userId) =>
            run(() =>
              unwrap(
                session.rest.POST('/v1/chats/{id}/members', {
                  params: { path: { id: chat.id } },
                  body: { userIds: [userId] },
                }),
              ),
            )
          }
        />
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}

function AddMember({ session, chat, onAdd }: { session: Session; chat: Chat; onAdd: (userId: string) => void }) {
  const [friends, setFriends] = useState<{ id: string; displayName: string }[] | null>(null);
  if (friends === null) {
    void unwrap(session.rest.GET('/v1/friends', { params: { query: { limit: 100 } } })).then(
      (page) => setFriends(page.items),
      () => setFriends([]),
    );
    return null;
  }
  const candidates = friends.filter((f) => !chat.members.some((m) => m.userId === f.id));
  if (candidates.length === 0) return <p class="hint">All your friends are members.</p>;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const userId = fieldOf(event.currentTarget, 'userId');
        if (userId) onAdd(userId);
      }}
    >
      <label>
        Add a friend
        <select name="userId">
          {candidates.map((friend) => (
            <option key={friend.id} value={friend.id}>
              {friend.displayName}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Add</button>
    </form>
  );
}
