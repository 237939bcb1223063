import { ContainerModule } from 'inversify';
import { HTTP_ROUTE } from '../../platform/http';
import { DeleteAccount } from './application/delete-account';
import { FindUsers } from './application/find-users';
import { USER_REPOSITORY } from './application/ports';
import { RegisterUser } from './application/register-user';
import { UpdateProfile } from './application/update-profile';
import { PgUserRepository } from './data-access/pg-user-repository';
import { UsersRouter } from './entry-points/users-router';

/** Accounts in PostgreSQL (the owner store of users): profile reads and changes, deletion. */
export const usersModule = new ContainerModule(({ bind }) => {
  bind(USER_REPOSITORY).to(PgUserRepository);
  bind(RegisterUser).toSelf();
  bind(UpdateProfile).toSelf();
  bind(DeleteAccount).toSelf();
  bind(FindUsers).toSelf();
  bind(HTTP_ROUTE).to(UsersRouter);
});
