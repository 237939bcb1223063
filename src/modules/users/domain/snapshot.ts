/**
 * An account as the owner store holds it now, for rebuilding and checking its copies (backfill,
 * reconcile): what the profile projections keep, the version, and whether it was deleted.
 */
export interface UserSnapshot {
  readonly id: string;
  readonly version: number;
  readonly deleted: boolean;
  /** null once the account is deleted (the tombstone keeps only id, version and times). */
  readonly username: string | null;
  readonly displayName: string | null;
  readonly createdAt: string;
}
