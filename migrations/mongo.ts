/** A MongoDB index, applied by `npx polychat migrate` (createIndex is idempotent). */
export interface MongoIndex {
  readonly collection: string;
  readonly keys: Readonly<Record<string, 1 | -1>>;
  readonly options?: { readonly name: string; readonly unique?: boolean; readonly sparse?: boolean };
}

/**
 * MongoDB collections and indexes. Only features FerretDB and MongoDB share: no TTL, text or
 * partial indexes (docs/decisions/0004).
 */
export const mongoCollections: readonly string[] = ['user_profiles'];
export const mongoIndexes: readonly MongoIndex[] = [
  { collection: 'user_profiles', keys: { username: 1 }, options: { name: 'username' } },
];
