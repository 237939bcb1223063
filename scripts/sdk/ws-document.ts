/**
 * The WebSocket protocol (docs/ws-protocol.md) as an OpenAPI 3.1 document holding only schemas, so
 * openapi-typescript turns it into the SDK's frame types the same way it turns the REST document:
 *   - ClientPayloads: each request type's payload, from the zod schemas the server validates it with
 *     (input side: a defaulted field is optional to send);
 *   - ServerPayloads: each server frame's payload, from the JSON Schemas of docs/ws-protocol.md's
 *     "Server → client" table (no zod schema exists for them), `Message` being the REST component;
 *   - AckResults: each request's ack `result` (the doc describes them in words; written here with
 *     the REST components they are);
 *   - the REST components those refer to, copied with everything they refer to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { wsSchemas } from '../../src/modules/chats/entry-points/ws-handlers';
import { deviceStatusSchema } from '../../src/modules/presence/domain/presence';
import { authPayloadSchema } from '../../src/platform/ws/frames';

type JsonSchema = Record<string, unknown>;

const UUID: JsonSchema = { type: 'string', format: 'uuid' };
const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Record<string, JsonSchema>, required = Object.keys(properties)): JsonSchema => ({
  type: 'object',
  required,
  properties,
});

/** The payload of every client request; `ping` has none. */
function clientPayloads(): Record<string, JsonSchema> {
  const schemas: Record<string, z.ZodType> = {
    auth: authPayloadSchema,
    presence: z.object({ status: deviceStatusSchema }), // the presence handler's own (not exported)
    ...wsSchemas,
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([type, schema]) => {
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      delete json['$schema'];
      return [type, json];
    }),
  );
}

/** The ack `result` of every request answered by an ack (docs/ws-protocol.md, "ack result"). */
function ackResults(): Record<string, JsonSchema> {
  const seq = { type: 'integer' };
  return {
    auth: object({ userId: UUID }),
    presence: object({ status: { enum: ['online', 'away'] } }),
    'message.send': object({ message: ref('Message'), created: { type: 'boolean' } }),
    'message.edit': ref('Message'),
    'message.delete': object({ messageId: UUID, seq }),
    'reaction.add': ref('Message'),
    'reaction.remove': ref('Message'),
    read: object({ chatId: UUID, seq }),
    typing: object({ chatId: UUID, state: { enum: ['start', 'stop'] } }),
  };
}

/** The first balanced {...} of `text`. */
function firstObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}') depth -= 1;
    if (depth === 0) return text.slice(start, i + 1);
  }
  throw new Error(`unbalanced schema: ${text}`);
}

/** The payload of each server frame, read from the doc's "Server → client" table. */
export function serverPayloads(doc: string): Record<string, JsonSchema> {
  const start = doc.indexOf('## Server → client');
  const end = doc.indexOf('\n## ', start + 1);
  if (start < 0) throw new Error('docs/ws-protocol.md has no "Server → client" section');
  const rows = doc
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  const payloads: Record<string, JsonSchema> = {};
  const sameAs: [string, string][] = [];
  for (const row of rows) {
    const [, typeCell = '', , schemaCell = ''] = row.split('|').map((cell) => cell.trim());
    const type = typeCell.replace(/`/g, '');
    if (type === 'ack' || type === 'pong') continue; // the SDK's own request/reply handling
    const same = /^same as `([^`]+)`/.exec(schemaCell);
    if (same?.[1]) {
      sameAs.push([type, same[1]]);
      continue;
    }
    if (schemaCell === '`Message`') {
      payloads[type] = ref('Message');
      continue;
    }
    const json = firstObject(schemaCell);
    if (!json) throw new Error(`docs/ws-protocol.md: no payload schema for ${type}`);
    const text = json
      .replace(/:\s*uuid\b/g, `:${JSON.stringify(UUID)}`)
      .replace(/:\s*Message\b/g, `:${JSON.stringify(ref('Message'))}`);
    payloads[type] = JSON.parse(text) as JsonSchema;
  }
  for (const [type, other] of sameAs) {
    const schema = payloads[other];
    if (!schema) throw new Error(`docs/ws-protocol.md: ${type} is "same as" ${other}, which has no schema`);
    payloads[type] = schema;
  }
  return payloads;
}

/** Names of every component `node` refers to, followed through `components`. */
function referencedComponents(
  node: unknown,
  components: Record<string, unknown>,
  found = new Set<string>(),
): Set<string> {
  if (typeof node !== 'object' || node === null) return found;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      const name = value.replace('#/components/schemas/', '');
      if (!found.has(name)) {
        found.add(name);
        referencedComponents(components[name], components, found);
      }
    } else referencedComponents(value, components, found);
  }
  return found;
}

const required = (properties: Record<string, JsonSchema>): JsonSchema => object(properties);

/** The protocol document, given the REST document (for its components) and docs/ws-protocol.md. */
export function buildWsDocument(rest: Record<string, unknown>, doc?: string): Record<string, unknown> {
  const markdown = doc ?? readFileSync(path.resolve(__dirname, '../../docs/ws-protocol.md'), 'utf8');
  const schemas: Record<string, JsonSchema> = {
    ClientPayloads: required(clientPayloads()),
    AckResults: required(ackResults()),
    ServerPayloads: required(serverPayloads(markdown)),
    AckError: object(
      {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'object',
          properties: {
            fields: {
              type: 'array',
              items: object({ field: { type: 'string' }, reason: { type: 'string' } }),
            },
          },
          additionalProperties: {},
        },
      },
      ['code', 'message'],
    ),
  };
  const restSchemas = ((rest['components'] as { schemas?: Record<string, unknown> } | undefined)?.schemas ??
    {}) as Record<string, JsonSchema>;
  for (const name of [...referencedComponents(schemas, restSchemas)].sort()) {
    const schema = restSchemas[name];
    if (!schema) throw new Error(`the REST document has no component ${name}`);
    schemas[name] = schema;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'polychat WebSocket protocol (/v1/ws)',
      version: '1',
      description: 'Frame payloads of docs/ws-protocol.md, for the SDK’s types. Generated: do not edit.',
    },
    paths: {},
    components: { schemas },
  };
}
