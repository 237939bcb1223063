import { SetUserRole, type UserRole } from '../../modules/users';
import { AppError } from '../../platform/errors';
import { CliError, printSummary, runJob } from '../support';

/**
 * Gives `username` the role, through the users module (the change commits with its event). Only
 * PostgreSQL is connected: the change is one guarded update, so it needs no job lease in Redis.
 */
export async function setRole(username: string, role: UserRole): Promise<void> {
  const user = await runJob('users-role', { exclusive: false, stores: ['postgres'] }, ({ booted }) =>
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
