import { useState } from 'preact/hooks';
import { errorText, nameOf, type Session } from '../session';
import type { Message } from '../types';

const QUICK_REACTIONS = ['👍', '❤️', '😂'];

/** One message: author, body with mentions, reply context, reactions, and its actions. */
export function MessageItem(props: {
  session: Session;
  message: Message;
  replied: Message | undefined;
  seen: boolean;
  onReply: () => void;
  onEdit: () => void;
}) {
  const { session, message, replied, seen } = props;
  const [error, setError] = useState<string | null>(null);
  const mine = message.senderId === session.me.id;
  const deleted = message.deletedAt !== null;
  const run = (action: Promise<unknown>) => action.catch((failure: unknown) => setError(errorText(failure)));
  const mentionsMe = message.mentions.includes(session.me.id);

  return (
    <li
      class={`message${mine ? ' mine' : ''}${mentionsMe ? ' mentions-me' : ''}`}
      data-testid="message"
      data-seq={message.seq}
      aria-label={`${nameOf(session, message.senderId)}: ${message.body ?? 'deleted message'}`}
    >
      <div class="meta">
        <span class="author">{nameOf(session, message.senderId)}</span>
        <time dateTime={message.createdAt}>{new Date(message.createdAt).toLocaleTimeString()}</time>
        {message.editedAt && !deleted && <span class="edited">(edited)</span>}
      </div>
      {replied && (
        <blockquote class="reply-to">
          {nameOf(session, replied.senderId)}: {replied.body ?? 'deleted message'}
        </blockquote>
      )}
      <p class="body" data-testid="message-body">
        {deleted ? (
          <em>Message deleted</em>
        ) : message.held ? (
          <em>Held for review</em>
        ) : (
          <Body session={session} text={message.body ?? ''} />
        )}
      </p>
      {message.reactions.length > 0 && (
        <ul class="reactions" aria-label="Reactions">
          {message.reactions.map((reaction) => {
            const reacted = reaction.userIds.includes(session.me.id);
            return (
              <li key={reaction.emoji}>
                <button
                  type="button"
                  aria-pressed={reacted}
                  aria-label={`${reaction.emoji} ${reaction.userIds.length}`}
                  onClick={() => void run(session.react(message, reaction.emoji, !reacted))}
                >
                  {reaction.emoji} {reaction.userIds.length}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {!deleted && (
        <div class="actions" role="group" aria-label="Message actions">
          <button type="button" onClick={props.onReply}>
            Reply
          </button>
          {QUICK_REACTIONS.map((emoji) => (
            <button
              key={emoji}
              type="button"
              aria-label={`React ${emoji}`}
              onClick={() => void run(session.react(message, emoji, true))}
            >
              {emoji}
            </button>
          ))}
          {mine && (
            <button type="button" onClick={props.onEdit}>
              Edit
            </button>
          )}
          {mine && (
            <button type="button" onClick={() => void run(session.deleteMessage(message))}>
              Delete
            </button>
          )}
        </div>
      )}
      {seen && <span class="seen">Seen</span>}
      {error && <p role="alert">{error}</p>}
    </li>
  );
}

/** The body with @mentions set apart. */
function Body({ session, text }: { session: Session; text: string }) {
  const parts = text.split(/(@[A-Za-z0-9_.]+)/g);
  return (
    <>
      {parts.map((part, index) =>
        part.startsWith('@') ? (
          <strong key={index} class={`mention${part.slice(1) === session.me.username ? ' me' : ''}`}>
            {part}
          </strong>
        ) : (
          part
        ),
      )}
    </>
  );
}
