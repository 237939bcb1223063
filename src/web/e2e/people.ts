import { expect } from '@playwright/test';
import { createPolychatClient, unwrap, type PolychatClient } from '../../sdk';
import { base, PASSWORD, uniqueUsername } from './helpers';

/** A user made through the SDK (fixtures the browser then works with). */
export interface Person {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly client: PolychatClient;
}

/** Registers a user through the SDK. */
export async function person(prefix: string, name: string): Promise<Person> {
  const client = createPolychatClient({ baseUrl: base() });
  const username = uniqueUsername(prefix);
  const { user } = await client.register({
    username,
    email: `${username}@example.test`,
    password: PASSWORD,
    displayName: name,
  });
  return { id: user.id, username, name, client };
}

/**
 * Makes two users friends (the second request accepts the first). A new account reaches the friend
 * graph through Kafka: until then the API answers FRIEND.UNAVAILABLE, and the request is retried.
 */
export async function befriend(a: Person, b: Person): Promise<void> {
  const ask = (from: Person, to: Person) =>
    expect(async () => {
      await unwrap(from.client.rest.POST('/v1/friends/requests', { body: { userId: to.id } }));
    }).toPass({ timeout: 30_000 });
  await ask(a, b);
  await ask(b, a);
}

/** The direct chat of two users. */
export async function directChat(a: Person, b: Person): Promise<string> {
  const chat = await unwrap(a.client.rest.POST('/v1/chats', { body: { type: 'direct', userId: b.id } }));
  return chat.id;
}

/** Sends messages one after the other (seq order = list order). */
export async function sendAll(from: Person, chatId: string, bodies: readonly string[]): Promise<void> {
  for (const [index, body] of bodies.entries()) {
    await unwrap(
      from.client.rest.POST('/v1/chats/{id}/messages', {
        params: { path: { id: chatId } },
        body: { body, clientMsgId: `fixture-${index}-${Date.now()}` },
      }),
    );
  }
}
