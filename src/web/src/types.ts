import type { components } from '../../sdk/schema';

/** The API's shapes, from the SDK's generated schema (one source: the OpenAPI document). */
export type Schemas = components['schemas'];
export type Message = Schemas['Message'];
export type Chat = Schemas['Chat'];
export type User = Schemas['User'];
export type UserSummary = Schemas['UserSummary'];
export type SearchHit = Schemas['SearchHit'];
export type ModerationEntry = Schemas['ModerationReviewEntry'];
export type PresenceStatus = 'online' | 'away' | 'offline';
export type Reaction = Message['reactions'][number];
