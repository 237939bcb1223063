/**
 * A type test, checked by `npm run typecheck` and never run: each call marked `@ts-expect-error` is
 * wrong and must not compile. If the generated types went stale or turned into `any` (e.g. an
 * import of `./schema` without `.js` under NodeNext), these calls would compile, every directive
 * would be unused, and typecheck would fail. The unmarked calls are right and must compile.
 */
import type { PolychatClient } from './client.js';
import type { PolychatSocket } from './socket.js';

export async function wrongCallsDoNotCompile(client: PolychatClient, socket: PolychatSocket): Promise<unknown[]> {
  const chatId = '00000000-0000-4000-8000-000000000000';
  const results: unknown[] = [];

  // Right calls (must compile).
  results.push(await client.rest.GET('/v1/chats/{id}', { params: { path: { id: chatId } } }));
  results.push(
    await client.rest.POST('/v1/chats/{id}/messages', {
      params: { path: { id: chatId } },
      body: { body: 'hi', clientMsgId: 'c-1' },
    }),
  );
  const ack = await socket.request('message.send', { chatId, body: 'hi', clientMsgId: 'c-2' });
  const seq: number = ack.message.seq;
  results.push(seq);
  socket.on('message.new', (message) => results.push(message.body));
  socket.on('presence.updated', (presence) => results.push(presence.status));

  // An unknown path.
  // @ts-expect-error -- /v1/nope is not a path of the API
  results.push(await client.rest.GET('/v1/nope'));
  // A method the path does not serve.
  // @ts-expect-error -- /v1/auth/login is POST only
  results.push(await client.rest.GET('/v1/auth/login'));
  // A missing path parameter.
  // @ts-expect-error -- {id} is required
  results.push(await client.rest.GET('/v1/chats/{id}'));
  // A wrongly named path parameter.
  // @ts-expect-error -- the parameter is `id`, not `chatId`
  results.push(await client.rest.GET('/v1/chats/{id}', { params: { path: { chatId } } }));
  // A query parameter of the wrong type.
  // @ts-expect-error -- limit is a number
  results.push(await client.rest.GET('/v1/chats', { params: { query: { limit: 'ten' } } }));
  results.push(
    await client.rest.POST('/v1/chats/{id}/messages', {
      params: { path: { id: chatId } },
      // @ts-expect-error -- the body needs `body` and `clientMsgId`, not `text`
      body: { text: 'hi' },
    }),
  );
  // @ts-expect-error -- register needs an email
  results.push(await client.register({ username: 'alice', password: 'correct horse battery' }));

  // A frame type the protocol does not have.
  // @ts-expect-error -- no such request type
  results.push(await socket.request('message.sned', { chatId }));
  // A payload of the wrong shape.
  // @ts-expect-error -- body is a string
  results.push(await socket.request('message.send', { chatId, body: 42, clientMsgId: 'c-3' }));
  // @ts-expect-error -- typing's state is start or stop
  results.push(await socket.request('typing', { chatId, state: 'typing' }));
  // An ack result used as what it is not.
  // @ts-expect-error -- read's ack is {chatId, seq}, not a message
  results.push((await socket.request('read', { chatId, seq: 1 })).body);
  // @ts-expect-error -- no such server frame
  socket.on('message.neww', () => undefined);
  // @ts-expect-error -- presence.updated carries no body
  socket.on('presence.updated', (presence) => results.push(presence.body));
  return results;
}
