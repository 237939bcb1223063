import { parseArgs } from 'node:util';
import { stackPaths } from './paths';
import { tail } from './process';
import { downServer, serverStatus, StackError, upServer } from './runner';
import { ferretdb, idLookupPlans, verifyIdPushdown } from './servers/ferretdb';
import { kafka } from './servers/kafka';
import { neo4j, neo4jTest } from './servers/neo4j';
import { postgres } from './servers/postgres';
import { redis } from './servers/redis';
import { SERVER_NAMES, type StackServer } from './types';

/** Every server of the local stack, in start order. */
export const SERVERS: readonly StackServer[] = [postgres, redis, kafka, neo4j, ferretdb, neo4jTest];

const USAGE = `usage: npm run stack -- <up|down|status|logs> [server ...] [--test] [--lines N]
       npm run stack -- check-indexes
servers: ${SERVER_NAMES.join(', ')}
         (default: all; for up, all but the test-only ${testOnlyNames()}, which --test adds)
check-indexes: on FerretDB, an _id lookup must be an index search on a new collection and on every
               existing collection of every database; exits 1 naming each collection that scans`;

function testOnlyNames(): string {
  return SERVERS.filter((server) => server.testOnly)
    .map((server) => server.name)
    .join(', ');
}

/** The named servers; with no names, all of them (for `up`, without the test-only ones unless --test). */
function pick(names: readonly string[], withTestOnly = true): StackServer[] {
  if (names.length === 0) return SERVERS.filter((server) => withTestOnly || !server.testOnly);
  return names.map((name) => {
    const server = SERVERS.find((candidate) => candidate.name === name);
    if (!server) throw new StackError(`unknown server '${name}'\n${USAGE}`);
    return server;
  });
}

const report = (server: StackServer, message: string): void => {
  console.log(`${server.name.padEnd(10)} ${message}`);
};

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      lines: { type: 'string', default: '50' },
      test: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...names] = positionals;
  const paths = stackPaths();
  if (values.help || command === undefined) {
    console.log(USAGE);
    return;
  }
  if (command === 'check-indexes') {
    await checkIndexes();
    return;
  }
  const servers = pick(names, command !== 'up' || values.test);
  switch (command) {
    case 'up': {
      // Each server's pipeline (install, prepare, start, handshake) is independent: run them together.
      const results = await Promise.allSettled(servers.map((server) => upServer(server, paths, report)));
      const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      for (const error of failures) console.error(`\n${error instanceof Error ? error.message : String(error)}`);
      if (failures.length > 0) process.exitCode = 1;
      return;
    }
    case 'down':
      for (const server of [...servers].reverse()) await downServer(server, paths, report);
      return;
    case 'status': {
      const rows = await Promise.all(servers.map((server) => serverStatus(server, paths)));
      for (const row of rows) {
        const pid = row.pid === undefined ? '' : `pid ${row.pid}`;
        console.log(
          [
            row.name.padEnd(10),
            row.state.padEnd(9),
            `127.0.0.1:${row.port}`.padEnd(16),
            (row.version ?? '-').padEnd(12),
            pid.padEnd(10),
            `data ${row.dataDir}`,
            `log ${row.logFile}`,
          ].join(' '),
        );
      }
      // A test-only server that is down is normal after `npm run up`, unless it was asked about.
      const expected = (name: string) => names.length > 0 || !SERVERS.find((server) => server.name === name)?.testOnly;
      if (rows.some((row) => row.state !== 'up' && expected(row.name))) process.exitCode = 3;
      return;
    }
    case 'logs':
      for (const server of servers) {
        console.log(`==> ${paths.logFile(server.name)} <==\n${tail(paths.logFile(server.name), Number(values.lines))}`);
      }
      return;
    default:
      throw new StackError(`unknown command '${command}'\n${USAGE}`);
  }
}

/** `check-indexes`: the _id pushdown index on a brand-new collection, then on every existing one. */
async function checkIndexes(): Promise<void> {
  console.log(`new collection: _id lookup is an index search after ${await verifyIdPushdown()} ms`);
  const plans = await idLookupPlans();
  const scanned = plans.filter((plan) => !plan.indexed);
  for (const plan of plans) {
    console.log(`${plan.indexed ? 'index ' : 'SCAN  '} ${plan.namespace.padEnd(40)} ${plan.steps.join(' | ')}`);
  }
  if (scanned.length > 0) {
    throw new StackError(
      `${scanned.length} of ${plans.length} collections scan on an _id lookup: ` +
        scanned.map((plan) => plan.namespace).join(', '),
    );
  }
  console.log(`${plans.length} collections: every _id lookup is an index search`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
