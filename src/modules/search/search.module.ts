import { ContainerModule } from 'inversify';
import { HTTP_ROUTE } from '../../platform/http';
import { STREAM_HANDLER } from '../../platform/kafka';
import { MESSAGE_SEARCH_INDEX } from './application/ports';
import { SearchMessages } from './application/search-messages';
import { PgMessageSearchIndex } from './data-access/pg-message-search-index';
import { SEARCH_INDEX_STATES } from './application/reconciliation-ports';
import { PgSearchIndexStates } from './data-access/pg-search-index-states';
import { IndexMessagesOnMessageEvents } from './entry-points/index-messages-on-message-events';
import { SearchRouter } from './entry-points/search-router';

/** Message search: a PostgreSQL full-text projection of message events, and its endpoint. */
export const searchModule = new ContainerModule(({ bind }) => {
  bind(MESSAGE_SEARCH_INDEX).to(PgMessageSearchIndex);
  bind(SearchMessages).toSelf();
  bind(IndexMessagesOnMessageEvents).toSelf();
  bind(STREAM_HANDLER).toService(IndexMessagesOnMessageEvents);
  bind(HTTP_ROUTE).to(SearchRouter);
  // What backfill and reconcile read and mend (issue 7).
  bind(SEARCH_INDEX_STATES).to(PgSearchIndexStates);
});
