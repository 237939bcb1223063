import { inject, injectable } from 'inversify';
import { CONFIG, type Config } from '../../../config';
import type { WsConnection, WsConnectionListener } from '../../../platform/ws';
import { memberOf } from '../domain/chat';
import { ChatLiveFeed } from './live-feed';
import { CHAT_STORE, type ChatStore } from './ports';

/**
 * Typing indicators: relayed to the chat's other members, never stored. Each `start` holds for
 * TYPING_TTL_MS (the frame says so, for clients that lose the `stop`); this process sends the
 * `stop` itself when the typist goes quiet or disconnects.
 */
@injectable()
export class ChatTyping implements WsConnectionListener {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; userId: string; chatId: string }>();

  constructor(
    @inject(CHAT_STORE) private readonly chats: ChatStore,
    @inject(ChatLiveFeed) private readonly feed: ChatLiveFeed,
    @inject(CONFIG) private readonly config: Config,
  ) {}

  async typing(connection: WsConnection, chatId: string, state: 'start' | 'stop'): Promise<void> {
    const loaded = await this.chats.load(chatId, [connection.userId]);
    memberOf(loaded?.members, connection.userId);
    const chat = loaded?.chat;
    const key = `${connection.id}:${chatId}`;
    clearTimeout(this.timers.get(key)?.timer);
    this.timers.delete(key);
    if (state === 'start') {
      const timer = setTimeout(() => void this.expire(key), this.config.TYPING_TTL_MS);
      timer.unref();
      this.timers.set(key, { timer, userId: connection.userId, chatId });
    }
    if (chat) await this.feed.typing(chat, connection.userId, state, this.config.TYPING_TTL_MS);
  }

  connected(): Promise<void> {
    return Promise.resolve();
  }

  async disconnected(connection: WsConnection): Promise<void> {
    for (const key of [...this.timers.keys()].filter((k) => k.startsWith(`${connection.id}:`))) await this.expire(key);
  }

  private async expire(key: string): Promise<void> {
    const entry = this.timers.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.timers.delete(key);
    const chat = await this.chats.find(entry.chatId).catch(() => undefined);
    if (chat) await this.feed.typing(chat, entry.userId, 'stop', 0);
  }
}
