import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths';

const exec = promisify(execFile);
const cli = (...args: string[]) =>
  exec(process.execPath, ['--import', 'tsx', path.join('scripts', 'stack', 'cli.ts'), ...args], { cwd: repoRoot });

/** The stack `npm test` brought up: status reports it, and a second `up` changes nothing. */
describe('local stack script (integration)', function () {
  this.timeout(120_000);

  it('reports every server up with its port, version, data dir and log file', async () => {
    const { stdout } = await cli('status');
    for (const [name, port] of [
      ['postgres', 5432],
      ['redis', 6379],
      ['kafka', 9092],
      ['neo4j', 7687],
      ['ferretdb', 27017],
      ['neo4j-test', 7688],
    ] as const) {
      const line = stdout.split('\n').find((entry) => entry.startsWith(`${name} `));
      assert.ok(line, `no status line for ${name}`);
      assert.match(line, /\bup\b/, line);
      assert.match(line, new RegExp(`127\\.0\\.0\\.1:${port}`));
      assert.match(line, new RegExp(`data \\S+/\\.stack/data/${name}`));
      assert.match(line, new RegExp(`log \\S+/\\.stack/logs/${name}\\.log`));
    }
  });

  it('is idempotent: a second up finds every server running and starts nothing', async () => {
    const before = await cli('status');
    const { stdout } = await cli('up', '--test');
    for (const name of ['postgres', 'redis', 'kafka', 'neo4j', 'ferretdb', 'neo4j-test']) {
      assert.match(stdout, new RegExp(`^${name}\\s+already running \\(pid \\d+\\)`, 'm'), stdout);
    }
    const pids = (text: string) => [...text.matchAll(/pid (\d+)/g)].map((match) => match[1]);
    assert.deepEqual(pids((await cli('status')).stdout), pids(before.stdout));
  });

  it('checks that FerretDB serves an _id lookup from the index, on a new collection and on every existing one', async () => {
    const { stdout } = await cli('check-indexes');
    assert.match(stdout, /^new collection: _id lookup is an index search after \d+ ms$/m);
    assert.match(stdout, /^\d+ collections: every _id lookup is an index search$/m);
  });

  it('rejects an unknown server name', async () => {
    await assert.rejects(cli('status', 'mysql'), (error: { stderr: string }) =>
      /unknown server 'mysql'/.test(error.stderr),
    );
  });
});
