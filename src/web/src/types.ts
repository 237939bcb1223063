import type { Message } from '../../sdk';

/** The API's shapes, from the SDK (one source: the generated schema of the OpenAPI document). */
export type { Chat, Message, SearchHit, User, UserSummary } from '../../sdk';
export type PresenceStatus = 'online' | 'away' | 'offline';
export type Reaction = Message['reactions'][number];
