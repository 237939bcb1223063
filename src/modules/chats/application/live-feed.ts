import { inject, injectable } from 'inversify';
import { LOGGER, type Logger } from '../../../platform/logger';
import { LIVE_FANOUT, type LiveFanout, type ServerFrame } from '../../../platform/ws';
import type { Chat } from '../domain/chat';
import type { Message } from '../domain/message';

/** The live frames of chat traffic (docs/ws-protocol.md). */
export const ChatFrames = {
  messageNew: 'message.new',
  messageUpdated: 'message.updated',
  messageDeleted: 'message.deleted',
  reactionUpdated: 'reaction.updated',
  readUpdated: 'read.updated',
  chatUpdated: 'chat.updated',
  typing: 'typing',
} as const;

export type MessageFrame = Exclude<
  (typeof ChatFrames)[keyof typeof ChatFrames],
  'read.updated' | 'chat.updated' | 'typing'
>;

/**
 * Pushes chat traffic to the members' live connections right after the owner store committed it,
 * from whichever process made the change. Delivery is best effort: a failure is logged, never
 * fails the request, and clients fill any gap with `sync`.
 */
@injectable()
export class ChatLiveFeed {
  constructor(
    @inject(LIVE_FANOUT) private readonly fanout: LiveFanout,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  message(chat: Chat, type: MessageFrame, message: Message): Promise<void> {
    const payload =
      type === ChatFrames.reactionUpdated
        ? { chatId: message.chatId, messageId: message.id, seq: message.seq, reactions: message.reactions }
        : message;
    return this.publish(memberIds(chat), { type, payload });
  }

  read(chat: Chat, userId: string, seq: number): Promise<void> {
    return this.publish(memberIds(chat), { type: ChatFrames.readUpdated, payload: { chatId: chat.id, userId, seq } });
  }

  /** The chat's new state to its members, and to anyone who just left it. */
  chat(chat: Chat, formerMembers: readonly string[] = []): Promise<void> {
    const payload = {
      chatId: chat.id,
      type: chat.type,
      title: chat.title,
      members: chat.members.map(({ userId, role }) => ({ userId, role })),
      lastSeq: chat.lastSeq,
    };
    return this.publish([...memberIds(chat), ...formerMembers], { type: ChatFrames.chatUpdated, payload });
  }

  typing(chat: Chat, userId: string, state: 'start' | 'stop', expiresInMs: number): Promise<void> {
    const others = memberIds(chat).filter((id) => id !== userId);
    const payload = { chatId: chat.id, userId, state, ...(state === 'start' ? { expiresInMs } : {}) };
    return this.publish(others, { type: ChatFrames.typing, payload });
  }

  private async publish(userIds: readonly string[], frame: ServerFrame): Promise<void> {
    try {
      await this.fanout.toUsers(userIds, frame);
    } catch (error) {
      this.logger.warn('live delivery failed', { type: frame.type, error });
    }
  }
}

const memberIds = (chat: Chat): string[] => chat.members.map((member) => member.userId);
