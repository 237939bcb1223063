import type { Command } from 'commander';

/** The implementation, loaded only when the command runs (so `--help` loads no driver). */
const action = (): typeof import('./users-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./users-action') as typeof import('./users-action');

/** `polychat users grant-admin|revoke-admin <username>`: the admin role (analytics). */
export function register(program: Command): void {
  const users = program.command('users').description('accounts: roles');
  users
    .command('grant-admin')
    .description('give an account the admin role (the analytics endpoints)')
    .argument('<username>', 'the account, case-insensitive')
    .action((username: string) => action().setRole(username, 'admin'));
  users
    .command('revoke-admin')
    .description('take the admin role away again')
    .argument('<username>', 'the account, case-insensitive')
    .action((username: string) => action().setRole(username, 'user'));
}
