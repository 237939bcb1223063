export { USERS_TOPIC, UserEventTypes, type UserProfilePayload } from './domain/events';
export { applyUserEvent, USER_PROJECTION_EVENTS, type UserProjectionTarget } from './domain/projection';
export {
  displayNameSchema,
  emailSchema,
  passwordSchema,
  toPublicUser,
  usernameSchema,
  type PublicUser,
  type User,
} from './domain/user';
export { FindUsers } from './application/find-users';
export { RegisterUser } from './application/register-user';
export type { EventMeta } from './application/ports';
