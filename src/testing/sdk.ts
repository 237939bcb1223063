import WebSocket from 'ws';
import type { Message, PolychatSocket, SocketEvents } from '../sdk/index.js';

/** Resolves with the socket's next `type` event (for which `match` holds). */
export function nextEvent<K extends keyof SocketEvents>(
  socket: PolychatSocket,
  type: K,
  match: (event: SocketEvents[K]) => boolean = () => true,
): Promise<SocketEvents[K]> {
  return new Promise((resolve) => {
    const off = socket.on(type, (event) => {
      if (!match(event)) return;
      off();
      resolve(event);
    });
  });
}

/** Every `message.new` a socket passes on, and a wait for the one a test expects. */
export class Inbox {
  readonly messages: Message[] = [];
  private waiters: (() => void)[] = [];

  constructor(socket: PolychatSocket) {
    socket.on('message.new', (message) => {
      this.messages.push(message);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  async until(id: string): Promise<Message> {
    for (;;) {
      const found = this.messages.find((message) => message.id === id);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

/** `ws`, switchable offline: while offline a connection goes to a loopback port nothing listens on. */
export function switchableWebSocket() {
  const sockets: WebSocket[] = [];
  const state = { online: true };
  class Switchable extends WebSocket {
    constructor(url: string) {
      super(state.online ? url : 'ws://127.0.0.1:9/');
      sockets.push(this);
    }
  }
  return { sockets, state, WebSocket: Switchable };
}
