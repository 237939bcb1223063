import { InvalidArgumentError, type Command } from 'commander';
import type { ReconcileScope } from '../modules/reconcile';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** commander parser of a comma-separated list of ids (UUIDs, lower-cased). */
export function idList(value: string): string[] {
  const ids = value
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  const bad = ids.find((id) => !UUID.test(id));
  if (bad !== undefined || ids.length === 0)
    throw new InvalidArgumentError(`comma-separated UUIDs (not "${bad ?? value}")`);
  return ids;
}

/** commander parser of a comma-separated list of names, each one of `choices`. */
export function namesOf(choices: readonly string[]): (value: string) => string[] {
  return (value) => {
    const names = value.split(',').map((name) => name.trim());
    const bad = names.find((name) => !choices.includes(name));
    if (bad !== undefined) throw new InvalidArgumentError(`comma-separated names from ${choices.join(', ')}`);
    return names;
  };
}

/** Adds --users and --chats: narrow a run to the records of some users and chats. */
export function scopeOptions(command: Command): Command {
  return command
    .option('--users <ids>', 'only records of these users (comma-separated ids)', idList)
    .option('--chats <ids>', 'only records of these chats and their messages (comma-separated ids)', idList);
}

/** The scope the --users/--chats flags describe. */
export function scopeOf(flags: { users?: string[]; chats?: string[] }): ReconcileScope {
  return { userIds: flags.users, chatIds: flags.chats };
}
