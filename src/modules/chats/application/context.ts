import type { EventContext } from './event-factory';

/** Who acts, and the request's trace id, for the events a use case emits. */
export type Actor = EventContext & { readonly actorId: string };
