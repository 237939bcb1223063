import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import * as backfill from './commands/backfill';
import * as dlq from './commands/dlq';
import * as exportCommand from './commands/export';
import * as importCommand from './commands/import';
import * as migrate from './commands/migrate';
import * as ml from './commands/ml';
import * as reconcile from './commands/reconcile';
import * as replay from './commands/replay';
import * as seed from './commands/seed';
import * as spark from './commands/spark';
import * as users from './commands/users';
import { CliError } from './support/cli-error';

/**
 * Every command of the CLI; each file in commands/ exports `register(program)`, which declares the
 * command cheaply and loads its implementation (`<name>-action.ts`, drivers and all) only when it
 * runs: `--help` and `--version` load no driver and reach no store.
 */
const commands: ReadonlyArray<{ register(program: Command): void }> = [
  migrate,
  seed,
  importCommand,
  exportCommand,
  dlq,
  backfill,
  replay,
  reconcile,
  users,
  ml,
  spark,
];

/** `npx polychat <command>`: operations on the stores, configured and booted like the app itself. */
export function buildCli(): Command {
  const program = new Command('polychat')
    .description('polychat operations')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .showHelpAfterError();
  for (const command of commands) command.register(program);
  return program;
}

/** The version in package.json, found upwards from this file (src/cli under tsx, dist/src/cli when built). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'polychat' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look one folder up
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** Runs the CLI on `argv`; an expected failure prints its message (no stack) and sets its exit code. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildCli().parseAsync([...argv]);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
}

if (require.main === module) void runCli(process.argv);
