import { inject, injectable } from 'inversify';
import { memberOf } from '../domain/chat';
import { messageEvent } from './event-factory';
import { MessageEventTypes } from '../domain/events';
import { MessageErrors, type Message, type Reaction } from '../domain/message';
import type { Actor } from './context';
import { MESSAGE_STORE, type MessageStore } from './ports';

/** Adds or removes the caller's reaction; each user has at most one of each emoji on a message. */
@injectable()
export class React {
  constructor(@inject(MESSAGE_STORE) private readonly messages: MessageStore) {}

  execute(actor: Actor, chatId: string, messageId: string, emoji: string, on: boolean): Promise<Message> {
    return this.messages.change(chatId, messageId, actor.actorId, (chat, message, members) => {
      memberOf(members, actor.actorId);
      if (!message) throw MessageErrors.notFound();
      if (message.deletedAt) throw MessageErrors.deleted();
      const reactions = toggled(message.reactions, emoji, actor.actorId, on);
      return {
        reactions,
        events: (changed, version) => [
          messageEvent(
            MessageEventTypes.reactionsChanged,
            changed,
            version,
            { messageId, chatId, seq: changed.seq, reactions },
            actor,
          ),
        ],
      };
    });
  }
}

function toggled(reactions: readonly Reaction[], emoji: string, userId: string, on: boolean): Reaction[] {
  const others = reactions.filter((reaction) => reaction.emoji !== emoji);
  const users = new Set(reactions.find((reaction) => reaction.emoji === emoji)?.userIds ?? []);
  if (on) users.add(userId);
  else users.delete(userId);
  return users.size > 0 ? [...others, { emoji, userIds: [...users] }] : others;
}
