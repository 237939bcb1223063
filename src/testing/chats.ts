import type { TestApp } from './app';
import { eventually } from './app';
import { registerUser, type RegisteredUser } from './users';
import { chatModels } from '../modules/chats/data-access/models';
import { MONGO_CONNECTION } from '../platform/mongo';
import type { Connection } from 'mongoose';

/** Registers users and waits until the chats module knows their profiles (the projection). */
export async function chatUsers(app: TestApp, count: number): Promise<RegisteredUser[]> {
  const users: RegisteredUser[] = [];
  for (let i = 0; i < count; i += 1) users.push(await registerUser(app));
  const connection = app.booted.container.get<Connection>(MONGO_CONNECTION);
  const profiles = connection.collection('user_profiles');
  await eventually(
    'chat profiles of new users',
    () => profiles.countDocuments({ _id: { $in: users.map((user) => user.id) } as never }),
    (n) => n === users.length,
    20_000,
  );
  return users;
}

export interface ChatJson {
  id: string;
  type: string;
  title: string | null;
  members: { userId: string; role: string; lastReadSeq: number }[];
  lastSeq: number;
  lastMessage: { seq: number; preview: string; senderId: string } | null;
  unreadCount: number;
}

export interface MessageJson {
  id: string;
  chatId: string;
  seq: number;
  senderId: string;
  body: string | null;
  mentions: string[];
  replyTo: string | null;
  reactions: { emoji: string; userIds: string[] }[];
  editedAt: string | null;
  deletedAt: string | null;
}

export interface ErrorJson {
  error: { code: string; details?: { fields?: { field: string }[] } };
}

export const fields = (body: unknown): string[] =>
  ((body as ErrorJson).error.details?.fields ?? []).map((f) => f.field).sort();

/** Creates a group chat owned by `owner` with `members`. */
export async function groupChat(
  app: TestApp,
  owner: RegisteredUser,
  members: RegisteredUser[],
  title = 'team',
): Promise<ChatJson> {
  const res = await app.request<ChatJson>('POST', '/v1/chats', {
    token: owner.accessToken,
    body: { type: 'group', title, memberIds: members.map((member) => member.id) },
  });
  if (res.status !== 201) throw new Error(`group create ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The raw message documents of a chat (to check what clients cannot see, e.g. edit history). */
export function messageDocs(app: TestApp, chatId: string) {
  return chatModels(app.booted.container.get<Connection>(MONGO_CONNECTION))
    .messages.find({ chatId })
    .sort({ seq: 1 })
    .lean();
}
