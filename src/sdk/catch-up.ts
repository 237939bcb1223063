import type { ClientPayloads, Message, ServerPayloads } from './frames.js';

/** Where a client stands in one chat: every seq up to `lastSeq` seen, and any seen beyond it. */
interface ChatPosition {
  lastSeq: number;
  readonly ahead: Set<number>;
}

const RECENT_IDS = 5000;
/** The most chats one `sync` may name (docs/ws-protocol.md). */
const SYNC_CHATS_MAX = 100;

/**
 * The catch-up ledger of a socket: per tracked chat the last seq up to which nothing is missing,
 * so a reconnect asks `sync` for exactly what came after; and message ids seen, so a message that
 * arrives twice (live and by sync, or repeated live) is passed on once.
 */
export class CatchUpLedger {
  private readonly chats = new Map<string, ChatPosition>();
  private readonly recent = new Set<string>();

  /** Follow `chatId` from `lastSeq` (the last seq the caller already has); a known chat keeps the higher. */
  track(chatId: string, lastSeq: number): void {
    const position = this.chats.get(chatId);
    if (!position) this.chats.set(chatId, { lastSeq, ahead: new Set() });
    else this.advance(position, lastSeq);
  }

  untrack(chatId: string): void {
    this.chats.delete(chatId);
  }

  lastSeq(chatId: string): number | undefined {
    return this.chats.get(chatId)?.lastSeq;
  }

  /** Every tracked chat with the seq to sync after. */
  positions(): { chatId: string; afterSeq: number }[] {
    return [...this.chats].map(([chatId, position]) => ({ chatId, afterSeq: position.lastSeq }));
  }

  /**
   * Records a new message; false when it was seen before (drop it). A chat seen for the first time
   * is tracked from just before this message. `gap` is true when seqs before it are missing.
   */
  accept(message: Message): { fresh: boolean; gap: boolean } {
    let position = this.chats.get(message.chatId);
    if (!position) {
      position = { lastSeq: message.seq - 1, ahead: new Set() };
      this.chats.set(message.chatId, position);
    }
    if (this.recent.has(message.id) || message.seq <= position.lastSeq || position.ahead.has(message.seq)) {
      return { fresh: false, gap: false };
    }
    this.remember(message.id);
    if (message.seq === position.lastSeq + 1) {
      this.advance(position, message.seq);
      return { fresh: true, gap: false };
    }
    position.ahead.add(message.seq);
    return { fresh: true, gap: true };
  }

  /** `sync` said the chat ends at `lastSeq`: nothing before it is missing any more. */
  settle(chatId: string, lastSeq: number): void {
    const position = this.chats.get(chatId);
    if (position) this.advance(position, lastSeq);
  }

  private advance(position: ChatPosition, seq: number): void {
    if (seq > position.lastSeq) position.lastSeq = seq;
    for (const ahead of position.ahead) if (ahead <= position.lastSeq) position.ahead.delete(ahead);
    while (position.ahead.delete(position.lastSeq + 1)) position.lastSeq += 1;
  }

  private remember(id: string): void {
    this.recent.add(id);
    if (this.recent.size > RECENT_IDS) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}

/**
 * Asks `sync` for what came after each chat's position (default: every tracked chat), page by page
 * while a chat has more, passes each new message to `deliver` and settles each chat at the end
 * `sync` reports. A chat the caller can no longer see is untracked. Returns where each chat ended.
 */
export async function syncChats(
  ledger: CatchUpLedger,
  sync: (payload: ClientPayloads['sync']) => Promise<ServerPayloads['sync.result']>,
  deliver: (message: Message) => void,
  options: { readonly chatIds?: readonly string[]; readonly limit: number },
): Promise<{ chatId: string; lastSeq: number }[]> {
  const wanted = (chatId: string): boolean => !options.chatIds || options.chatIds.includes(chatId);
  let pending = ledger.positions().filter(({ chatId }) => wanted(chatId));
  const done: { chatId: string; lastSeq: number }[] = [];
  while (pending.length > 0) {
    const result = await sync({ chats: pending.slice(0, SYNC_CHATS_MAX), limit: options.limit });
    const again = new Set<string>();
    for (const chat of result.chats) {
      if (chat.error) {
        ledger.untrack(chat.chatId);
        continue;
      }
      for (const message of chat.messages ?? []) if (ledger.accept(message).fresh) deliver(message);
      if (chat.hasMore) {
        again.add(chat.chatId);
        continue;
      }
      if (chat.lastSeq !== undefined) ledger.settle(chat.chatId, chat.lastSeq);
      done.push({ chatId: chat.chatId, lastSeq: ledger.lastSeq(chat.chatId) ?? 0 });
    }
    pending = [...pending.slice(SYNC_CHATS_MAX), ...ledger.positions().filter(({ chatId }) => again.has(chatId))];
  }
  return done;
}
