import { fieldOf } from '../forms';
import { useState } from 'preact/hooks';
import { unwrap } from '../../../sdk';
import { errorText, type Session } from '../session';
import type { UserSummary } from '../types';

/** Finds users by username prefix: add as a friend, block, or see the degrees of separation. */
export function FindPeople({ session, onChange }: { session: Session; onChange: () => void }) {
  const [found, setFound] = useState<UserSummary[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const run = (call: () => Promise<string>) => {
    setNote(null);
    call().then(
      (text) => {
        setNote(text);
        onChange();
      },
      (failure: unknown) => setNote(errorText(failure)),
    );
  };
  const separation = async (user: UserSummary) => {
    const answer = await unwrap(
      session.rest.GET('/v1/friends/path/{userId}', { params: { path: { userId: user.id } } }),
    );
    if (answer.degrees === null || !answer.path) return `No chain of friends to ${user.displayName}.`;
    return `${answer.degrees} degree${answer.degrees === 1 ? '' : 's'} of separation: ${answer.path.map((u) => u.displayName).join(' → ')}`;
  };

  return (
    <section aria-labelledby="find-heading">
      <h2 id="find-heading">Find people</h2>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const query = fieldOf(event.currentTarget, 'query');
          if (!query) return;
          unwrap(session.rest.GET('/v1/users', { params: { query: { query, limit: 20 } } })).then(
            (page) => setFound(page.items.filter((u) => u.id !== session.me.id)),
            (failure: unknown) => setNote(errorText(failure)),
          );
        }}
      >
        <label>
          Username
          <input name="query" placeholder="Start of a username" />
        </label>
        <button type="submit">Find</button>
      </form>
      {note && (
        <p role="status" data-testid="people-note">
          {note}
        </p>
      )}
      {found?.length === 0 && <p class="hint">Nobody by that name.</p>}
      <ul data-testid="found-people">
        {found?.map((user) => (
          <li key={user.id}>
            {user.displayName} <span class="hint">@{user.username}</span>
            <button
              type="button"
              onClick={() =>
                run(async () => (await requestFriend(session, user), `Friend request sent to ${user.displayName}.`))
              }
            >
              Add {user.username}
            </button>
            <button type="button" onClick={() => run(() => separation(user))}>
              Degrees of separation
            </button>
            <button
              type="button"
              onClick={() =>
                run(
                  async () => (
                    await unwrap(session.rest.POST('/v1/blocks/{userId}', { params: { path: { userId: user.id } } })),
                    `${user.displayName} is blocked.`
                  ),
                )
              }
            >
              Block
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Sends a friend request (accepting theirs if they already asked). */
export async function requestFriend(session: Session, user: UserSummary): Promise<void> {
  await unwrap(session.rest.POST('/v1/friends/requests', { body: { userId: user.id } }));
}
