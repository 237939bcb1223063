import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useObservable } from '../hooks';
import { chatTitle, errorText, nameOf, type Session } from '../session';
import { ordered } from '../store';
import type { Message } from '../types';
import { directPeer } from './chat-list';
import { Composer } from './composer';
import { Members } from './members';
import { MessageItem } from './message-item';

/** One chat: its header, history (scroll back for earlier pages), who is typing, and the composer. */
export function ChatView({ session, chatId }: { session: Session; chatId: string }) {
  const { state } = session;
  const chat = useObservable(state.chats).get(chatId);
  const history = useObservable(state.histories).get(chatId);
  const typing = useObservable(state.typing).get(chatId) ?? [];
  const presence = useObservable(state.presence);
  useObservable(state.users);
  const [error, setError] = useState<string | null>(null);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [editing, setEditing] = useState<Message | null>(null);
  const [showMembers, setShowMembers] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    session.openChat(chatId).catch((failure: unknown) => setError(errorText(failure)));
    return () => session.state.openChatId.set(null);
  }, [chatId]);

  const lastSeq = chat?.lastSeq ?? 0;
  useEffect(() => {
    if (lastSeq > 0) void session.markRead(chatId, lastSeq);
  }, [chatId, lastSeq]);

  const messages = history ? ordered(history) : [];
  useLayoutEffect(() => {
    const element = list.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, messages[messages.length - 1]?.id]);

  if (!chat) return <main class="chat">{error ? <p role="alert">{error}</p> : <p>Loading…</p>}</main>;
  const peer = directPeer(chat, session.me.id);
  const peerStatus = peer ? (presence.get(peer) ?? 'offline') : undefined;
  const others = typing.filter((t) => t.userId !== session.me.id && t.until > Date.now());
  const seenBy = chat.members.filter((m) => m.userId !== session.me.id);

  const loadEarlier = async () => {
    const element = list.current;
    const before = element ? element.scrollHeight - element.scrollTop : 0;
    await session.loadEarlier(chatId).catch((failure: unknown) => setError(errorText(failure)));
    requestAnimationFrame(() => {
      if (element) element.scrollTop = element.scrollHeight - before;
    });
  };

  return (
    <main class="chat" aria-label={`Chat ${chatTitle(session, chat)}`}>
      <header class="chat-header">
        <h2>{chatTitle(session, chat)}</h2>
        {peerStatus && (
          <span class={`presence ${peerStatus}`} data-testid="peer-presence">
            <span class={`dot ${peerStatus}`} aria-hidden="true" />
            {peerStatus}
          </span>
        )}
        {chat.type === 'group' && (
          <button type="button" aria-expanded={showMembers} onClick={() => setShowMembers(!showMembers)}>
            Members ({chat.members.length})
          </button>
        )}
      </header>
      {showMembers && <Members session={session} chat={chat} />}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <ol
        class="messages"
        ref={list}
        aria-label="Messages"
        aria-live="polite"
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
          if (element.scrollTop === 0 && history?.before) void loadEarlier();
        }}
      >
        {history?.before ? (
          <li class="earlier">
            <button type="button" onClick={() => void loadEarlier()}>
              Load earlier messages
            </button>
          </li>
        ) : null}
        {messages.map((message) => (
          <MessageItem
            key={message.id}
            session={session}
            message={message}
            replied={message.replyTo ? history?.byId.get(message.replyTo) : undefined}
            seen={message.senderId === session.me.id && seenBy.some((m) => m.lastReadSeq >= message.seq)}
            onReply={() => setReplyTo(message)}
            onEdit={() => setEditing(message)}
          />
        ))}
      </ol>
      <p class="typing" aria-live="polite" data-testid="typing">
        {others.length > 0 &&
          `${others.map((t) => nameOf(session, t.userId)).join(', ')} ${others.length > 1 ? 'are' : 'is'} typing…`}
      </p>
      <Composer
        session={session}
        chatId={chatId}
        replyTo={replyTo}
        editing={editing}
        onDone={() => {
          setReplyTo(null);
          setEditing(null);
          pinned.current = true;
        }}
      />
    </main>
  );
}
