import { unwrap, type PolychatClient, type PolychatSocket } from '../../sdk';
import type { Cell } from './hooks';
import type { ChatState } from './store';
import type { Chat, Message } from './types';

export type Connection = 'connecting' | 'online' | 'offline';

/** What the live feed updates: the session's state, connection status and notification count. */
export interface LiveTarget {
  readonly me: { readonly id: string };
  readonly rest: PolychatClient['rest'];
  readonly state: ChatState;
  readonly connection: Cell<Connection>;
  readonly notifications: Cell<number>;
  loadNames(chats: readonly Chat[]): Promise<void>;
  refreshPresence(userIds: readonly string[]): Promise<void>;
}

/**
 * Opens the SDK's socket for a session and feeds its frames into the session's state. The SDK
 * reconnects with backoff and catches every tracked chat up by `sync` (each message passed on
 * once); the browser's `online` event skips the wait. Returns the socket.
 */
export function connectLive(session: LiveTarget, client: PolychatClient): PolychatSocket {
  const { state } = session;
  const socket = client.socket();
  for (const chat of state.chats.get().values()) socket.track(chat.id, chat.lastSeq);

  const refetchChat = async (chatId: string): Promise<Chat | undefined> => {
    const chat = await unwrap(session.rest.GET('/v1/chats/{id}', { params: { path: { id: chatId } } })).catch(
      () => undefined,
    );
    if (!chat) return undefined;
    const known = state.chats.get().get(chatId);
    state.upsertChat(known ? { ...known, members: chat.members, title: chat.title } : chat);
    if (!known) socket.track(chat.id, chat.lastSeq);
    void session.loadNames([chat]);
    return chat;
  };
  const onMessage = (message: Message): void => {
    if (state.chats.get().has(message.chatId)) state.receive(message);
    else void refetchChat(message.chatId).then(() => state.receive(message));
  };

  socket.on('message.new', onMessage);
  socket.on('message.updated', (message) => state.putMessages(message.chatId, [message]));
  socket.on('message.deleted', (message) => state.putMessages(message.chatId, [message]));
  socket.on('reaction.updated', (event) => state.setReactions(event.chatId, event.messageId, event.reactions));
  socket.on('read.updated', (event) => state.setReadMarker(event.chatId, event.userId, event.seq));
  socket.on('typing', (event) => state.setTyping(event.chatId, event.userId, event.state, event.expiresInMs));
  socket.on('presence.updated', (event) => state.setPresence([event]));
  socket.on('chat.updated', (event) => {
    if (!event.members.some((m) => m.userId === session.me.id)) {
      state.removeChat(event.chatId);
      socket.untrack(event.chatId);
      return;
    }
    void refetchChat(event.chatId);
  });
  const notified = () => session.notifications.update((n) => n + 1);
  socket.on('notification.new', notified);
  socket.on('friend.request', notified);
  socket.on('friend.accepted', notified);

  socket.on('socket:open', ({ reconnected }) => {
    session.connection.set('online');
    // Presence frames sent while we were away are gone: ask again.
    if (reconnected) void session.refreshPresence([...state.users.get().keys()]);
  });
  socket.on('socket:close', () => session.connection.set('offline'));
  window.addEventListener('online', () => socket.reconnectNow());
  socket.connect().catch(() => session.connection.set('offline'));
  return socket;
}
