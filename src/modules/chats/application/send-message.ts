import { inject, injectable, optional } from 'inversify';
import { BLOCK_CHECK, type BlockCheck } from '../../friends';
import { ChatErrors, memberOf, otherOf, type Chat, type Members } from '../domain/chat';
import { mentionedUsernames, messageIdOf, MessageErrors, type Message } from '../domain/message';
import type { Actor } from './context';
import { ALLOWED, MESSAGE_SCREEN, type MessageScreen, type MessageScreening } from './message-screen';
import { sentEvent } from './event-factory';
import { MESSAGE_STORE, PROFILE_DIRECTORY, type MessageDraft, type MessageStore, type ProfileDirectory } from './ports';

export interface SendInput {
  readonly body: string;
  readonly clientMsgId: string;
  readonly replyTo?: string | undefined;
}

/**
 * Sends a message as the next seq of the chat. A retry with the same clientMsgId returns the first
 * message (`created: false`), never a second one. `@username` mentions of members are resolved.
 * Nothing can be sent into a direct chat across a block. Moderation screens the body alongside the
 * lookups (outside the chat's lock): a held message is stored without its body (docs/decisions/0038).
 */
@injectable()
export class SendMessage {
  constructor(
    @inject(MESSAGE_STORE) private readonly messages: MessageStore,
    @inject(PROFILE_DIRECTORY) private readonly profiles: ProfileDirectory,
    @inject(BLOCK_CHECK) private readonly blocks: BlockCheck,
    @inject(MESSAGE_SCREEN) @optional() private readonly screen?: MessageScreen,
  ) {}

  async execute(actor: Actor, chatId: string, input: SendInput): Promise<{ message: Message; created: boolean }> {
    const usernames = mentionedUsernames(input.body);
    const [mentioned, replied, screening] = await Promise.all([
      usernames.length > 0 ? this.profiles.idsByUsername(usernames) : new Map<string, string>(),
      input.replyTo ? this.messages.find(chatId, input.replyTo) : undefined,
      this.screen?.screen({ chatId, senderId: actor.actorId, body: input.body, kind: 'send' }) ?? ALLOWED,
    ]);
    if (input.replyTo && !replied) throw MessageErrors.replyNotFound();
    const key = { senderId: actor.actorId, clientMsgId: input.clientMsgId };
    // The sender's and the mentioned users' member documents are read by `_id` with the chat.
    const mentionedIds = [...mentioned.values()];
    return this.messages.append(
      chatId,
      key,
      async (chat, seq, members) => {
        memberOf(members, actor.actorId);
        const other = otherOf(chat, actor.actorId);
        if (other && (await this.blocks.isBlockedBetween(actor.actorId, other))) throw ChatErrors.blocked();
        return draft(chat, seq, actor, input, mentionedIds, members, screening);
      },
      mentionedIds,
    );
  }
}

/** The message at `seq` and its `message.sent` event; mentions only of other members. */
function draft(
  chat: Chat,
  seq: number,
  actor: Actor,
  input: SendInput,
  mentioned: readonly string[],
  members: Members,
  screening: MessageScreening,
): MessageDraft {
  const held = screening.verdict === 'hold';
  const message: Message = {
    id: messageIdOf(chat.id, seq),
    chatId: chat.id,
    seq,
    senderId: actor.actorId,
    clientMsgId: input.clientMsgId,
    body: held ? null : input.body,
    mentions: mentioned.filter((id) => members.of(id) !== undefined && id !== actor.actorId),
    replyTo: input.replyTo ?? null,
    reactions: [],
    createdAt: new Date().toISOString(),
    editedAt: null,
    deletedAt: null,
    ...(held ? { held: true } : {}),
  };
  return { message, events: [sentEvent(message, chat.type, actor, screening.facts)] };
}
