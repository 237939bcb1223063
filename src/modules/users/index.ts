export { USERS_TOPIC, UserEventTypes, type UserProfilePayload } from './domain/events';
export {
  applyUserEvent,
  applyUserSnapshot,
  USER_PROJECTION_EVENTS,
  type UserProjectionTarget,
  type UserSnapshotTarget,
} from './domain/projection';
export type { UserSnapshot } from './domain/snapshot';
export {
  displayNameSchema,
  emailSchema,
  passwordSchema,
  toPublicUser,
  USER_ROLES,
  usernameSchema,
  type PublicUser,
  type User,
  type UserRole,
} from './domain/user';
export { FindUsers } from './application/find-users';
export { RegisterUser } from './application/register-user';
export {
  ACCOUNT_SESSIONS,
  USER_SNAPSHOTS,
  type AccountSessions,
  type EventMeta,
  type UserSnapshotReader,
} from './application/ports';
export { SetUserRole } from './application/set-user-role';
export { ImportUsers } from './application/import-users';
export { ExportUsers } from './application/export-users';
export type { ImportedUser, UserImportOutcome } from './application/bulk-ports';
export { publicUserJson, userJson } from './entry-points/http-schemas';
export { USER_DIRECTORY, type UserDirectory } from './application/user-directory';
