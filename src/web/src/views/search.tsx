import { link } from '../hooks';
import { fieldOf } from '../forms';
import { useState } from 'preact/hooks';
import { unwrap } from '../../../sdk';
import { errorText, nameOf, type Session } from '../session';
import type { SearchHit } from '../types';

/** Full-text search over the messages of the caller's chats; a hit opens its chat. */
export function SearchView({ session }: { session: Session }) {
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <main class="page search" aria-label="Search">
      <h2>Search messages</h2>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const q = fieldOf(event.currentTarget, 'q');
          if (!q) return;
          setError(null);
          unwrap(session.rest.GET('/v1/search/messages', { params: { query: { q, limit: 50 } } })).then(
            (page) => setHits(page.items),
            (failure: unknown) => setError(errorText(failure)),
          );
        }}
      >
        <label>
          Words to find
          <input name="q" type="search" autoFocus />
        </label>
        <button type="submit">Search</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {hits?.length === 0 && <p role="status">No messages found.</p>}
      <ol class="hits" aria-label="Results" data-testid="search-results">
        {hits?.map((hit) => (
          <li key={hit.messageId}>
            <a href={`/chats/${hit.chatId}`} onClick={link(`/chats/${hit.chatId}`)}>
              <span class="author">{nameOf(session, hit.senderId)}</span>
              <time dateTime={hit.sentAt}>{new Date(hit.sentAt).toLocaleString()}</time>
              <span class="body">{hit.body}</span>
            </a>
          </li>
        ))}
      </ol>
    </main>
  );
}
