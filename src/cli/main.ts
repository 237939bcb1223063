import { Command } from 'commander';
import * as backfill from './commands/backfill';
import * as dlq from './commands/dlq';
import * as exportCommand from './commands/export';
import * as importCommand from './commands/import';
import * as migrate from './commands/migrate';
import * as reconcile from './commands/reconcile';
import * as replay from './commands/replay';
import * as seed from './commands/seed';
import * as users from './commands/users';
import { CliError } from './support';

/** Every command of the CLI; each file in commands/ exports `register(program)`. */
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
];

/** `npx polychat <command>`: operations on the stores, configured and booted like the app itself. */
export function buildCli(): Command {
  const program = new Command('polychat').description('polychat operations').showHelpAfterError();
  for (const command of commands) command.register(program);
  return program;
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
