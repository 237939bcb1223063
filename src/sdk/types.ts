import type { components } from './schema.js';

type Schemas = components['schemas'];

/** The REST API's named objects, for code that holds them. */
export type Chat = Schemas['Chat'];
export type User = Schemas['User'];
export type PublicUser = Schemas['PublicUser'];
export type UserSummary = Schemas['UserSummary'];
export type FriendRequest = Schemas['FriendRequest'];
export type SearchHit = Schemas['SearchHit'];
export type TokenPair = Schemas['TokenPair'];
export type ApiError = Schemas['Error'];
