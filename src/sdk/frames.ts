import type { components } from './ws-schema.js';

type Schemas = components['schemas'];

/** Payload of each client request type (docs/ws-protocol.md, "Client → server"). */
export type ClientPayloads = Schemas['ClientPayloads'];
/** A client request type. `ping` (no payload) is sent by the connection itself. */
export type RequestType = keyof ClientPayloads;
/** The ack `result` of each request that is answered by an ack. */
export type AckResults = Schemas['AckResults'];
/** Payload of each server frame type other than `ack` and `pong`. */
export type ServerPayloads = Schemas['ServerPayloads'];
export type ServerFrameType = keyof ServerPayloads;

/** What a request resolves to: its ack's result, or for `sync` the `sync.result` payload. */
export type ReplyOf<T extends RequestType> = T extends 'sync'
  ? ServerPayloads['sync.result']
  : T extends keyof AckResults
    ? AckResults[T]
    : never;

/** The message of REST and of `message.*` frames. */
export type Message = Schemas['Message'];
export type AckError = Schemas['AckError'];

/** A frame as it travels: `{ type, id?, payload? }`. */
export interface Frame {
  readonly type: string;
  readonly id?: string;
  readonly payload?: unknown;
}

/** A server frame of a known type, typed by its payload. */
export type ServerFrame = {
  [K in ServerFrameType]: { readonly type: K; readonly id?: string; readonly payload: ServerPayloads[K] };
}[ServerFrameType];
