export { PRESENCE_STORE, type PresenceStore } from './application/ports';
export type { Presence, PresenceStatus } from './domain/presence';
