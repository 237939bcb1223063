import { ContainerModule } from 'inversify';
import { HTTP_ROUTE } from '../../platform/http';
import { USER_BULK_STORE } from './application/bulk-ports';
import { DeleteAccount } from './application/delete-account';
import { ExportUsers } from './application/export-users';
import { FindUsers } from './application/find-users';
import { ImportUsers } from './application/import-users';
import { USER_REPOSITORY, USER_SNAPSHOTS } from './application/ports';
import { RegisterUser } from './application/register-user';
import { SetUserRole } from './application/set-user-role';
import { UpdateProfile } from './application/update-profile';
import { USER_DIRECTORY } from './application/user-directory';
import { PgUserBulkStore } from './data-access/pg-user-bulk-store';
import { PgUserDirectory } from './data-access/pg-user-directory';
import { PgUserRepository } from './data-access/pg-user-repository';
import { PgUserSnapshots } from './data-access/pg-user-snapshots';
import { UsersRouter } from './entry-points/users-router';

/** Accounts in PostgreSQL (the owner store of users): profile reads and changes, deletion. */
export const usersModule = new ContainerModule(({ bind }) => {
  bind(USER_REPOSITORY).to(PgUserRepository);
  bind(USER_DIRECTORY).to(PgUserDirectory);
  bind(RegisterUser).toSelf();
  bind(UpdateProfile).toSelf();
  bind(DeleteAccount).toSelf();
  bind(FindUsers).toSelf();
  bind(HTTP_ROUTE).to(UsersRouter);
  // Roles and owner snapshots (issue 7: analytics admin, backfill and reconcile).
  bind(SetUserRole).toSelf();
  bind(USER_SNAPSHOTS).to(PgUserSnapshots);
  // Bulk import and export (datasets module).
  bind(USER_BULK_STORE).to(PgUserBulkStore);
  bind(ImportUsers).toSelf();
  bind(ExportUsers).toSelf();
});
