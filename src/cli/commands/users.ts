import type { Command } from 'commander';
import { SetUserRole, type UserRole } from '../../modules/users';
import { AppError } from '../../platform/errors';
import { CliError, printSummary, runJob } from '../support';

/** Gives `username` the role, through the users module (the change commits with its event). */
async function setRole(username: string, role: UserRole): Promise<void> {
  const user = await runJob('users-role', {}, ({ booted }) =>
    booted.container
      .get(SetUserRole)
      .execute(username, role, { actorId: null, traceId: null })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'USER.NOT_FOUND')
          throw new CliError(`no user named ${username}`);
        throw error;
      }),
  );
  printSummary(`users: ${user.username} is now ${role === 'admin' ? 'an admin' : 'a plain user'}`, [
    ['id', user.id],
    ['role', user.role],
    ['version', user.version],
    ['takes effect', 'with the next access token (log in again, or refresh)'],
  ]);
}

/** `polychat users grant-admin|revoke-admin <username>`: the admin role (analytics). */
export function register(program: Command): void {
  const users = program.command('users').description('accounts: roles');
  users
    .command('grant-admin')
    .description('give an account the admin role (the analytics endpoints)')
    .argument('<username>', 'the account, case-insensitive')
    .action((username: string) => setRole(username, 'admin'));
  users
    .command('revoke-admin')
    .description('take the admin role away again')
    .argument('<username>', 'the account, case-insensitive')
    .action((username: string) => setRole(username, 'user'));
}
