/** Entities in the order they are imported (each refers only to those before it). */
export const ENTITIES = ['users', 'friendships', 'chats', 'messages'] as const;
export type Entity = (typeof ENTITIES)[number];

/** The file of an entity inside a dataset folder. */
export const fileNameOf = (entity: Entity): string => `${entity}.jsonl`;

/** `manifest.json` of a dataset: what wrote it and how many records of each entity. */
export interface DatasetManifest {
  readonly format: 'polychat-dataset';
  readonly version: 1;
  readonly source: Readonly<Record<string, string | number>>;
  readonly counts: Readonly<Record<Entity, number>>;
}
