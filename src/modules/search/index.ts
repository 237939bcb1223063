export { SearchMessages, type SearchMessagesInput, type SearchMessagesPage } from './application/search-messages';
export { MESSAGE_SEARCH_INDEX, type MessageSearchIndex } from './application/ports';
export { IndexMessagesOnMessageEvents } from './entry-points/index-messages-on-message-events';
export { decodeCursor, encodeCursor, type SearchCursor, type SearchHit } from './domain/search';
export { SEARCH_INDEX_STATES, type IndexedState, type SearchIndexStates } from './application/reconciliation-ports';
