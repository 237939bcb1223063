import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText, nameOf, type Session } from '../session';
import type { Message } from '../types';

/**
 * Writes, replies to and edits messages. Typing starts are sent at most every few seconds while
 * keys are pressed, and a stop when the text is sent or emptied. Enter sends, Shift+Enter breaks.
 */
export function Composer(props: {
  session: Session;
  chatId: string;
  replyTo: Message | null;
  editing: Message | null;
  onDone: () => void;
}) {
  const { session, chatId, replyTo, editing } = props;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);

  useEffect(() => {
    if (editing) setText(editing.body ?? '');
    if (editing || replyTo) input.current?.focus();
  }, [editing, replyTo]);

  const typing = (value: string) => {
    setText(value);
    const now = Date.now();
    if (value && now - lastTyping.current > 3000) {
      lastTyping.current = now;
      void session.typing(chatId, 'start');
    } else if (!value && lastTyping.current) {
      lastTyping.current = 0;
      void session.typing(chatId, 'stop');
    }
  };

  const submit = async () => {
    const body = text.trim();
    if (!body) return;
    setError(null);
    try {
      if (editing) await session.editMessage(editing, body);
      else await session.sendMessage(chatId, body, replyTo?.id);
      setText('');
      if (lastTyping.current) void session.typing(chatId, 'stop');
      lastTyping.current = 0;
      props.onDone();
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return (
    <form
      class="composer"
      aria-label="Write a message"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {(replyTo ?? editing) && (
        <p class="context">
          {editing
            ? 'Editing your message'
            : `Replying to ${nameOf(session, replyTo?.senderId ?? '')}: ${replyTo?.body ?? ''}`}
          <button type="button" aria-label="Cancel" onClick={() => (setText(''), props.onDone())}>
            ✕
          </button>
        </p>
      )}
      <label class="visually-hidden" for="composer-input">
        Message
      </label>
      <textarea
        id="composer-input"
        ref={input}
        rows={2}
        maxLength={4000}
        value={text}
        placeholder="Write a message — @name mentions someone"
        onInput={(event) => typing(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            void submit();
          }
        }}
      />
      <button type="submit">{editing ? 'Save' : 'Send'}</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
