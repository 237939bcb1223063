import { z } from 'zod';

/** What a device says of itself; a user with no live device is offline. */
export const deviceStatusSchema = z.enum(['online', 'away'], 'online or away');
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;
export type PresenceStatus = DeviceStatus | 'offline';

/** A user's presence as others see it. */
export interface Presence {
  readonly userId: string;
  readonly status: PresenceStatus;
  /** When a device of theirs was last seen alive (connected, renewed or disconnected); null if never. */
  readonly lastSeenAt: string | null;
}

/** The `presence.updated` frame friends receive. */
export const PRESENCE_UPDATED = 'presence.updated';

/** Users asked about in one GET /v1/presence. */
export const PRESENCE_QUERY_MAX = 200;
