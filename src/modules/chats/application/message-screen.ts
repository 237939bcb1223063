import type { MessageModerationFacts } from '../domain/events';

/** A message body to screen before it is stored (a send, or an edit's new body). */
export interface ScreenInput {
  readonly chatId: string;
  readonly senderId: string;
  readonly body: string;
  readonly kind: 'send' | 'edit';
}

/** allow: stored as is; flag: stored, and the facts ride on its event; hold: stored without its body. */
export interface MessageScreening {
  readonly verdict: 'allow' | 'flag' | 'hold';
  readonly facts?: MessageModerationFacts;
}

/**
 * Screens message bodies (bound by the moderation module, docs/decisions/0038). Optional: without
 * a binding every message is allowed. It must be fast (it runs inline on every send and edit) and
 * must not fail a send: an implementation that cannot decide allows.
 */
export interface MessageScreen {
  screen(input: ScreenInput): Promise<MessageScreening>;
}

export const MESSAGE_SCREEN = Symbol.for('polychat.chats.MessageScreen');

/** The allowing verdict used when no screen is bound. */
export const ALLOWED: MessageScreening = { verdict: 'allow' };
