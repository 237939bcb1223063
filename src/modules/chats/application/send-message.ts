import { inject, injectable } from 'inversify';
import { memberOf } from '../domain/chat';
import { mentionedUsernames, type Message } from '../domain/message';
import type { Actor } from './context';
import {
  CHAT_STORE,
  MESSAGE_STORE,
  PROFILE_DIRECTORY,
  type ChatStore,
  type MessageStore,
  type ProfileDirectory,
} from './ports';

export interface SendInput {
  readonly body: string;
  readonly clientMsgId: string;
  readonly replyTo?: string | undefined;
}

/**
 * Sends a message as the next seq of the chat. A retry with the same clientMsgId returns the first
 * message (`created: false`), never a second one. `@username` mentions of members are resolved.
 */
@injectable()
export class SendMessage {
  constructor(
    @inject(CHAT_STORE) private readonly chats: ChatStore,
    @inject(MESSAGE_STORE) private readonly messages: MessageStore,
    @inject(PROFILE_DIRECTORY) private readonly profiles: ProfileDirectory,
  ) {}

  async execute(actor: Actor, chatId: string, input: SendInput): Promise<{ message: Message; created: boolean }> {
    const chat = await this.chats.find(chatId);
    memberOf(chat, actor.actorId);
    const members = new Set(chat?.members.map((member) => member.userId));
    const mentioned = await this.profiles.idsByUsername(mentionedUsernames(input.body));
    const mentions = [...mentioned.values()].filter((id) => members.has(id) && id !== actor.actorId);
    return this.messages.send(
      chatId,
      (locked) => memberOf(locked, actor.actorId), // membership again, now under the chat's lock
      {
        senderId: actor.actorId,
        clientMsgId: input.clientMsgId,
        body: input.body,
        replyTo: input.replyTo ?? null,
        mentions,
      },
      { traceId: actor.traceId },
    );
  }
}
