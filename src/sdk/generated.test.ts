import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generatedFiles, REPO_ROOT } from '../../scripts/sdk/generated-files';

describe('the SDK’s generated files', function () {
  this.timeout(60_000);

  it('are what `npm run sdk:generate` writes from the current code and docs (not stale)', async () => {
    const files = await generatedFiles();
    assert.deepEqual(Object.keys(files).sort(), [
      'src/sdk/close-codes.ts',
      'src/sdk/openapi.json',
      'src/sdk/schema.ts',
      'src/sdk/ws-protocol.json',
      'src/sdk/ws-schema.ts',
    ]);
    for (const [file, expected] of Object.entries(files)) {
      const committed = await readFile(path.join(REPO_ROOT, file), 'utf8');
      assert.ok(committed === expected, `${file} is stale: run npm run sdk:generate and commit it`);
    }
  });

  it('hold every REST path and every frame type of the protocol', async () => {
    const rest = JSON.parse(await readFile(path.join(REPO_ROOT, 'src/sdk/openapi.json'), 'utf8')) as {
      paths: Record<string, unknown>;
    };
    assert.ok(Object.keys(rest.paths).length >= 40, 'the REST paths');
    assert.ok(rest.paths['/v1/chats/{id}/messages']);
    const ws = JSON.parse(await readFile(path.join(REPO_ROOT, 'src/sdk/ws-protocol.json'), 'utf8')) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const { ClientPayloads, ServerPayloads, AckResults } = ws.components.schemas;
    assert.deepEqual(Object.keys(ClientPayloads?.properties ?? {}).sort(), [
      'auth',
      'message.delete',
      'message.edit',
      'message.send',
      'presence',
      'reaction.add',
      'reaction.remove',
      'read',
      'sync',
      'typing',
    ]);
    const requests = Object.keys(ClientPayloads?.properties ?? {}).filter((type) => type !== 'sync');
    assert.deepEqual(Object.keys(AckResults?.properties ?? {}).sort(), requests.sort());
    for (const type of ['message.new', 'chat.updated', 'presence.updated', 'notification.new', 'sync.result']) {
      assert.ok(ServerPayloads?.properties[type], type);
    }
  });
});
