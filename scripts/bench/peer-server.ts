/**
 * The benchmarks' peer: what a Node developer would build instead of polychat. One HTTP server
 * with a Socket.IO server using @socket.io/redis-adapter (so it could scale out like polychat's
 * Redis fan-out) and an express app, both verifying the same HS256 access token as polychat (at
 * the handshake / per request), persisting every message with the plain `mongodb` driver into the
 * same FerretDB (seq from Redis INCR, a unique index on chatId + clientMsgId for idempotent
 * retries), then broadcasting it to the chat's room. It checks no membership (the client says
 * which chats it joins): cheaper than polychat, as such a first version would be.
 *
 * Env: PEER_MONGO_URL (the database must be named with "bench"), PEER_REDIS_URL, PEER_PREFIX,
 * JWT_SECRET. Prints `listening <port>`.
 *
 * Socket.IO events: `join {chats}` ack `{ok}`; `send {chatId, body, clientMsgId}` ack `{ok, seq}`;
 * the room gets `message {chatId, seq, senderId, body}`. REST: `POST /v1/chats/:id/messages
 * {body, clientMsgId}` with `Authorization: Bearer <token>` answers 201 with the message.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { jwtVerify } from 'jose';
import { MongoClient, MongoServerError } from 'mongodb';
import express from 'express';
import { Server } from 'socket.io';
import { benchDatabase } from './context';

/** One stored message of the peer. */
interface PeerMessage {
  _id: string;
  chatId: string;
  seq: number;
  senderId: string;
  clientMsgId: string;
  body: string;
  createdAt: Date;
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const mongoUrl = required('PEER_MONGO_URL');
  const prefix = required('PEER_PREFIX');
  const key = new TextEncoder().encode(required('JWT_SECRET'));
  const mongo = await new MongoClient(mongoUrl).connect();
  const messages = mongo.db(benchDatabase(new URL(mongoUrl).pathname.slice(1))).collection<PeerMessage>('messages');
  await messages.createIndex({ chatId: 1, clientMsgId: 1 }, { unique: true }, undefined);
  const redis = new Redis(required('PEER_REDIS_URL'));
  const pub = redis.duplicate();
  const sub = redis.duplicate();

  /** Seq from Redis, one insert, then the room's broadcast; a retried clientMsgId is not stored twice. */
  const persist = async (chatId: string, senderId: string, body: string, clientMsgId: string) => {
    const seq = await redis.incr(`${prefix}seq:${chatId}`);
    const message: PeerMessage = { _id: randomUUID(), chatId, seq, senderId, clientMsgId, body, createdAt: new Date() };
    try {
      await messages.insertOne(message);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return undefined;
      throw error;
    }
    io.to(chatId).emit('message', { chatId, seq, senderId, body });
    return message;
  };

  const app = express();
  app.use(express.json());
  app.post('/v1/chats/:id/messages', (req, res) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    const input = req.body as { body?: unknown; clientMsgId?: unknown };
    jwtVerify(token, key)
      .then(
        async ({ payload }) => {
          if (typeof input.body !== 'string' || typeof input.clientMsgId !== 'string')
            return void res.status(400).json({ code: 'VALIDATION' });
          const message = await persist(req.params.id, String(payload.sub), input.body, input.clientMsgId);
          res.status(message ? 201 : 200).json(message ?? { duplicate: true });
        },
        () => void res.status(401).json({ code: 'UNAUTHENTICATED' }),
      )
      .catch((error: unknown) => res.status(500).json({ error: String(error) }));
  });
  const http = createServer(app);
  const io = new Server(http, { adapter: createAdapter(pub, sub, { key: `${prefix}socket.io` }) });
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    jwtVerify(String(token), key).then(
      ({ payload }) => {
        (socket.data as { userId?: string }).userId = String(payload.sub);
        next();
      },
      () => next(new Error('unauthenticated')),
    );
  });
  io.on('connection', (socket) => {
    const userId = (socket.data as { userId: string }).userId;
    socket.on('join', (payload: { chats: string[] }, ack: (reply: unknown) => void) => {
      void Promise.resolve(socket.join(payload.chats)).then(() => ack({ ok: true }));
    });
    socket.on(
      'send',
      (payload: { chatId: string; body: string; clientMsgId: string }, ack: (reply: unknown) => void) => {
        persist(payload.chatId, userId, payload.body, payload.clientMsgId)
          .then((message) => ack({ ok: true, seq: message?.seq }))
          .catch((error: unknown) => ack({ ok: false, error: String(error) }));
      },
    );
  });
  http.listen(0, '127.0.0.1', () => {
    const address = http.address();
    console.log(`listening ${typeof address === 'object' && address ? address.port : String(address)}`);
  });
  process.on('SIGTERM', () => {
    void io.close();
    void mongo.close();
    redis.disconnect();
    pub.disconnect();
    sub.disconnect();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
