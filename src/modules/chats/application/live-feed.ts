import { inject, injectable } from 'inversify';
import { LOGGER, type Logger } from '../../../platform/logger';
import { LIVE_FANOUT, type LiveFanout, type ServerFrame } from '../../../platform/ws';
import type { EventEnvelope } from '../../../platform/kafka';
import type { PendingEvent } from '../../../platform/outbox';
import type { Chat, ChatWithMembers } from '../domain/chat';
import { ChatEventTypes, MessageEventTypes } from '../domain/events';
import type { Message } from '../domain/message';
import { CHAT_ROSTER, type ChatCommitListener, type ChatRoster } from './ports';

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

type Frame = { readonly type: string; readonly payload: unknown };

/**
 * The live frame of each saved event (docs/ws-protocol.md): a message event carries the message as
 * it is now; a chat event carries the chat. Events of a commit that map to the same frame send it
 * once.
 */
type FrameOf = (chat: Chat, event: EventEnvelope, message?: Message) => Frame | undefined | 'chat';

const frameOf: Readonly<Record<string, FrameOf>> = {
  [MessageEventTypes.sent]: (_chat, _event, message) => message && { type: ChatFrames.messageNew, payload: message },
  [MessageEventTypes.edited]: (_chat, _event, message) =>
    message && { type: ChatFrames.messageUpdated, payload: message },
  [MessageEventTypes.deleted]: (_chat, _event, message) =>
    message && { type: ChatFrames.messageDeleted, payload: message },
  [MessageEventTypes.reactionsChanged]: (_chat, _event, message) =>
    message && {
      type: ChatFrames.reactionUpdated,
      payload: { chatId: message.chatId, messageId: message.id, seq: message.seq, reactions: message.reactions },
    },
  [ChatEventTypes.readMarkerMoved]: (chat, event) => {
    const { userId, seq } = event.payload as { userId: string; seq: number };
    return { type: ChatFrames.readUpdated, payload: { chatId: chat.id, userId, seq } };
  },
  // The chat with its members: read only for these rare events (O(members)).
  [ChatEventTypes.created]: () => 'chat',
  [ChatEventTypes.updated]: () => 'chat',
  [ChatEventTypes.membersAdded]: () => 'chat',
  [ChatEventTypes.memberRemoved]: () => 'chat',
  [ChatEventTypes.memberRoleChanged]: () => 'chat',
};

function chatFrame(chat: ChatWithMembers): Frame {
  const payload = {
    chatId: chat.id,
    type: chat.type,
    title: chat.title,
    members: chat.members.map(({ userId, role }) => ({ userId, role })),
    lastSeq: chat.lastSeq,
  };
  return { type: ChatFrames.chatUpdated, payload };
}

/**
 * Pushes chat traffic to the members' live connections right after the owner store committed it,
 * from whichever process made the change: one frame per saved event (`frameOf`), to the members
 * and to anyone an event removed. Delivery is best effort: a failure is logged, never fails the
 * request, and clients fill any gap with `sync`.
 */
@injectable()
export class ChatLiveFeed implements ChatCommitListener {
  constructor(
    @inject(LIVE_FANOUT) private readonly fanout: LiveFanout,
    @inject(CHAT_ROSTER) private readonly roster: ChatRoster,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The recipients are the chat's member ids (the roster, cached at the chat version the commit
   * saw: no read per send in steady state); a chat frame reads the members themselves.
   */
  async committed(chat: Chat, events: readonly PendingEvent[], message?: Message): Promise<void> {
    const sent = new Set<string>();
    try {
      for (const { envelope } of events) {
        let frame = frameOf[envelope.type]?.(chat, envelope, message);
        if (frame === 'chat') frame = chatFrame(await this.roster.withMembers(chat));
        if (!frame || sent.has(frame.type)) continue;
        sent.add(frame.type);
        const removed =
          envelope.type === ChatEventTypes.memberRemoved ? [(envelope.payload as { userId: string }).userId] : [];
        await this.publish([...(await this.roster.memberIds(chat)), ...removed], frame);
      }
    } catch (error) {
      this.logger.warn('live delivery failed', { chatId: chat.id, error });
    }
  }

  async typing(chat: Chat, userId: string, state: 'start' | 'stop', expiresInMs: number): Promise<void> {
    const others = (await this.roster.memberIds(chat)).filter((id) => id !== userId);
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
