import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ChatFrames } from '../modules/chats/application/live-feed';
import { wsSchemas } from '../modules/chats/entry-points/ws-handlers';
import { NOTIFICATION_NEW } from '../modules/notifications/domain/notification';
import { PRESENCE_UPDATED } from '../modules/presence/domain/presence';
import { WS_CLOSE } from '../platform/ws';

const doc = readFileSync(path.resolve(__dirname, '../../docs/ws-protocol.md'), 'utf8');
const rowsOf = (heading: string): string => {
  const start = doc.indexOf(`## ${heading}`);
  assert.ok(start >= 0, `docs/ws-protocol.md has a "${heading}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
};

describe('docs/ws-protocol.md', () => {
  it('documents every client frame type the server handles', () => {
    const section = rowsOf('Client → server');
    for (const type of ['auth', 'ping', 'presence', ...Object.keys(wsSchemas)]) {
      assert.match(section, new RegExp(`\\|\\s*\`${type.replace('.', '\\.')}\`\\s*\\|`), type);
    }
  });

  it('documents every server frame type the server sends', () => {
    const section = rowsOf('Server → client');
    const sent = [
      'ack',
      'pong',
      'sync.result',
      'friend.request',
      'friend.accepted',
      PRESENCE_UPDATED,
      NOTIFICATION_NEW,
      ...Object.values(ChatFrames),
    ];
    for (const type of sent) assert.match(section, new RegExp(`\\|\\s*\`${type.replace('.', '\\.')}\`\\s*\\|`), type);
  });

  it('documents every close code', () => {
    const section = rowsOf('Close codes');
    for (const code of Object.values(WS_CLOSE))
      assert.match(section, new RegExp(`\\|\\s*${code}\\s*\\|`), String(code));
  });
});
