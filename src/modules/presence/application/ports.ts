import type { DeviceStatus, Presence } from '../domain/presence';

/** A presence change others must hear of: the user's combined status moved. */
export type PresenceChange = Presence;

/**
 * Devices with expiring entries, combined per user: online while any device is online, away while
 * all are away, offline when none is left. Each write reports the user's new presence when it
 * differs from the last one announced, so exactly one writer announces each transition.
 */
export interface PresenceStore {
  setDevice(userId: string, deviceId: string, status: DeviceStatus, ttlMs: number): Promise<PresenceChange | undefined>;
  removeDevice(userId: string, deviceId: string): Promise<PresenceChange | undefined>;
  /** Extends the entries of devices still connected here. */
  renew(devices: readonly { userId: string; deviceId: string }[], ttlMs: number): Promise<void>;
  /** Drops entries whose process stopped renewing them; returns the transitions that caused. */
  sweep(limit: number): Promise<PresenceChange[]>;
  read(userIds: readonly string[]): Promise<Presence[]>;
}

export const PRESENCE_STORE = Symbol.for('polychat.presence.PresenceStore');
