import { useState } from 'preact/hooks';
import { unwrap } from '../../../sdk';
import { navigate, useLoad, useObservable } from '../hooks';
import { errorText, type Session } from '../session';
import { FindPeople, requestFriend } from './find-people';

/** Friend requests, friends (with presence), suggestions with their reasons, and blocks. */
export function FriendsView({ session }: { session: Session }) {
  const { rest } = session;
  const [error, setError] = useState<string | null>(null);
  const presence = useObservable(session.state.presence);
  const requests = useLoad(() => unwrap(rest.GET('/v1/friends/requests', { params: { query: { limit: 100 } } })), []);
  const friends = useLoad(async () => {
    const page = await unwrap(rest.GET('/v1/friends', { params: { query: { limit: 100 } } }));
    session.state.rememberUsers(page.items);
    await session.refreshPresence(page.items.map((f) => f.id));
    return page.items;
  }, []);
  const suggestions = useLoad(
    () => unwrap(rest.GET('/v1/friends/suggestions', { params: { query: { limit: 10 } } })),
    [],
  );
  const blocks = useLoad(() => unwrap(rest.GET('/v1/blocks', { params: { query: { limit: 100 } } })), []);
  const reloadAll = () => [requests, friends, suggestions, blocks].forEach((load) => load.reload());
  const run = (call: () => Promise<unknown>) => {
    setError(null);
    call().then(reloadAll, (failure: unknown) => setError(errorText(failure)));
  };
  const incoming = requests.value?.items.filter((r) => r.toUserId === session.me.id) ?? [];
  const outgoing = requests.value?.items.filter((r) => r.fromUserId === session.me.id) ?? [];

  return (
    <main class="page friends" aria-label="Friends">
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <FindPeople session={session} onChange={reloadAll} />
      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">Friend requests</h2>
        {incoming.length + outgoing.length === 0 && <p class="hint">No pending requests.</p>}
        <ul data-testid="incoming-requests">
          {incoming.map((request) => (
            <li key={request.id}>
              {request.user.displayName} <span class="hint">@{request.user.username}</span>
              <button
                type="button"
                onClick={() =>
                  run(() =>
                    unwrap(rest.POST('/v1/friends/requests/{id}/accept', { params: { path: { id: request.id } } })),
                  )
                }
              >
                Accept {request.user.username}
              </button>
              <button
                type="button"
                onClick={() =>
                  run(() =>
                    unwrap(rest.POST('/v1/friends/requests/{id}/decline', { params: { path: { id: request.id } } })),
                  )
                }
              >
                Decline
              </button>
            </li>
          ))}
          {outgoing.map((request) => (
            <li key={request.id}>
              To {request.user.displayName} <span class="hint">(pending)</span>
              <button
                type="button"
                onClick={() =>
                  run(() => unwrap(rest.DELETE('/v1/friends/requests/{id}', { params: { path: { id: request.id } } })))
                }
              >
                Cancel
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="friends-heading">
        <h2 id="friends-heading">Friends</h2>
        {friends.value?.length === 0 && <p class="hint">No friends yet: find people above.</p>}
        <ul data-testid="friends">
          {friends.value?.map((friend) => {
            const status = presence.get(friend.id) ?? 'offline';
            return (
              <li key={friend.id}>
                <span class={`dot ${status}`} aria-label={status} /> {friend.displayName}{' '}
                <span class="hint">@{friend.username}</span>
                <button
                  type="button"
                  onClick={() => run(async () => navigate(`/chats/${(await session.directChat(friend.id)).id}`))}
                >
                  Message {friend.username}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    run(() => unwrap(rest.DELETE('/v1/friends/{userId}', { params: { path: { userId: friend.id } } })))
                  }
                >
                  Unfriend
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="suggestions-heading">
        <h2 id="suggestions-heading">People you may know</h2>
        {suggestions.value?.items.length === 0 && <p class="hint">No suggestions yet.</p>}
        <ul>
          {suggestions.value?.items.map((s) => (
            <li key={s.user.id}>
              {s.user.displayName} <span class="reason">{reason(s)}</span>
              <button type="button" onClick={() => run(() => requestFriend(session, s.user))}>
                Add friend
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="blocks-heading">
        <h2 id="blocks-heading">Blocked</h2>
        {blocks.value?.items.length === 0 && <p class="hint">Nobody blocked.</p>}
        <ul>
          {blocks.value?.items.map((b) => (
            <li key={b.user.id}>
              {b.user.displayName}
              <button
                type="button"
                onClick={() =>
                  run(() => unwrap(rest.DELETE('/v1/blocks/{userId}', { params: { path: { userId: b.user.id } } })))
                }
              >
                Unblock
              </button>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

/** Why a suggestion is made: mutual friends by name, and shared groups. */
function reason(s: { mutualCount: number; mutualNames: string[]; sharedChats: number }): string {
  const parts: string[] = [];
  if (s.mutualCount > 0) {
    const more = s.mutualCount - s.mutualNames.length;
    parts.push(
      `${s.mutualCount} mutual friend${s.mutualCount > 1 ? 's' : ''}: ${s.mutualNames.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    );
  }
  if (s.sharedChats > 0) parts.push(`${s.sharedChats} shared group${s.sharedChats > 1 ? 's' : ''}`);
  return parts.join(' · ');
}
