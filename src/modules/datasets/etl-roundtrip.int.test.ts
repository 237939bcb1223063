import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TEST_RUN_ID } from '../../testing/config';
import { startDatasetEnv, type DatasetEnv } from '../../testing/datasets';
import { PASSWORD_HASHER, type PasswordHasher } from '../auth';

const SEED = parseInt(TEST_RUN_ID.slice(-5), 36) + 7;
const PASSWORD = 'a round trip password';
const ENTITIES = ['users', 'friendships', 'chats', 'messages'] as const;

/** The summary's `rejects  N in <dir>` row: the folder it names, if any. */
const rejectsFolderOf = (stdout: string): string | undefined => /^\s*rejects\s+\d[\d,]* in (.+)$/m.exec(stdout)?.[1];

describe('ETL round trip: seed --password -> import -> export -> import (integration)', function () {
  this.timeout(300_000);
  let env: DatasetEnv | undefined;
  let userIds: string[] = [];
  /** Copies that outlive the first environment's scratch folder. */
  let keep: string | undefined;

  afterEach(async () => {
    await env?.cleanGraph(userIds);
    await env?.stop();
    env = undefined;
    if (keep) await fs.rm(keep, { recursive: true, force: true });
  });

  it('imports seeded hashes, re-imports what a fixed users file unblocks, and round-trips every record', async () => {
    env = await startDatasetEnv('etl-a');
    const seeded = path.join(env.tmp, 'seeded');
    const seed = await env.polychat(
      'seed',
      ...['--users', '12', '--messages', '60', '--seed', String(SEED), '--password', PASSWORD, '--out', seeded],
    );
    assert.equal(seed.code, 0, seed.stderr);
    const users = await env.jsonl<{ id: string; passwordHash: string }>(path.join(seeded, 'users.jsonl'));
    userIds = users.map((user) => user.id);
    assert.match(users[0]?.passwordHash ?? '', /^\$argon2id\$/);

    // A copy whose users file is broken: every user is rejected, and so is everything referring to them.
    const broken = path.join(env.tmp, 'broken');
    await fs.mkdir(broken);
    for (const entity of ENTITIES)
      await fs.copyFile(path.join(seeded, `${entity}.jsonl`), path.join(broken, `${entity}.jsonl`));
    const usersText = await fs.readFile(path.join(seeded, 'users.jsonl'), 'utf8');
    await fs.writeFile(path.join(broken, 'users.jsonl'), usersText.replace(/"\$argon2id[^"]+"/g, '"not-a-hash"'));
    const rejectsDir = path.join(env.tmp, 'rejects');
    const failed = await env.polychat('import', broken, '--rejects', rejectsDir);
    assert.equal(failed.code, 2, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /users\s+0 new, 0 present, 12 rejected of 12 lines/);
    const named = rejectsFolderOf(failed.stdout);
    assert.ok(named, failed.stdout);
    assert.ok(existsSync(path.resolve(named)), `the summary names ${named}, which exists`);
    assert.ok(existsSync(path.join(rejectsDir, 'users.rejects.jsonl')));

    // Run again with the lists removed: the summary names no folder that is not there.
    await fs.rm(rejectsDir, { recursive: true });
    const rerun = await env.polychat('import', broken, '--rejects', rejectsDir);
    assert.equal(rerun.code, 2, rerun.stdout + rerun.stderr);
    assert.equal(rejectsFolderOf(rerun.stdout), undefined, rerun.stdout);
    assert.match(rerun.stdout, /rejects\s+\d+ rejected by an earlier run, no longer listed/);

    // The users file fixed, a rerun imports the rest too instead of skipping it as done.
    await fs.copyFile(path.join(seeded, 'users.jsonl'), path.join(broken, 'users.jsonl'));
    const fixed = await env.polychat('import', broken, '--rejects', rejectsDir);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /users\s+12 new, 0 present, 0 rejected of 12 lines/);
    assert.match(fixed.stdout, /messages\s+60 new, 0 present, 0 rejected of 60 lines/);
    assert.doesNotMatch(fixed.stdout, /done before/);
    assert.match(fixed.stdout, /rejects\s+none/);

    const exported = path.join(env.tmp, 'exported');
    const exportRun = await env.polychat('export', exported);
    assert.equal(exportRun.code, 0, exportRun.stderr);
    await env.assertSameRecords(exported, seeded);

    // Into an empty environment: the export imports whole, and exports the same records again.
    keep = await fs.mkdtemp(path.join(os.tmpdir(), 'polychat-etl-keep-'));
    await fs.cp(exported, path.join(keep, 'exported'), { recursive: true });
    await fs.cp(seeded, path.join(keep, 'seeded'), { recursive: true });
    await env.cleanGraph(userIds);
    await env.stop();
    env = await startDatasetEnv('etl-b');
    const reimported = await env.polychat('import', path.join(keep, 'exported'));
    assert.equal(reimported.code, 0, reimported.stdout + reimported.stderr);
    for (const [entity, count] of [
      ['users', 12],
      ['messages', 60],
    ] as const)
      assert.match(reimported.stdout, new RegExp(`${entity}\\s+${count} new, 0 present, 0 rejected of ${count} lines`));
    const again = path.join(env.tmp, 'exported-again');
    assert.equal((await env.polychat('export', again)).code, 0);
    await env.assertSameRecords(again, path.join(keep, 'seeded'));

    // The hashes survived: the seeded password still verifies against an exported one.
    const [first] = await env.jsonl<{ passwordHash: string }>(path.join(again, 'users.jsonl'));
    const hasher = env.booted.container.get<PasswordHasher>(PASSWORD_HASHER);
    assert.equal(await hasher.verify(first?.passwordHash ?? '', PASSWORD), true);
  });
});
