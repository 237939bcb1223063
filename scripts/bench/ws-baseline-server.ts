/**
 * The load test's baseline: a bare `ws` broadcast server with no auth, storage or fan-out service.
 * A client joins chats (`{type:'join', payload:{chats}}`) and each `message.send {chatId, body}` is
 * broadcast as `message.new` to every client in that chat. Prints `listening <port>`.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });

wss.on('connection', (socket) => {
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as { type: string; id?: string; payload: Record<string, unknown> };
    if (frame.type === 'join') {
      for (const chatId of frame.payload['chats'] as string[]) {
        let room = rooms.get(chatId);
        if (!room) rooms.set(chatId, (room = new Set()));
        room.add(socket);
      }
      socket.send(JSON.stringify({ type: 'ack', id: frame.id, payload: { ok: true } }));
      return;
    }
    if (frame.type === 'message.send') {
      const out = JSON.stringify({ type: 'message.new', payload: frame.payload });
      for (const member of rooms.get(String(frame.payload['chatId'])) ?? []) member.send(out);
      socket.send(JSON.stringify({ type: 'ack', id: frame.id, payload: { ok: true } }));
    }
  });
  socket.on('close', () => {
    for (const room of rooms.values()) room.delete(socket);
  });
});
wss.on('listening', () => {
  const address = wss.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : String(address)}`);
});
