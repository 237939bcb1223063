export { MongoUserProfiles, type UserProfileDoc } from './data-access/mongo-user-profiles';
export { ProjectUserProfileOnUserEvents } from './entry-points/project-user-profile-on-user-events';
export { CHAT_MEMBERSHIP, type ChatMembership } from './application/membership';
export * from './domain/events';
export {
  MESSAGE_SCREEN,
  type MessageScreen,
  type MessageScreening,
  type ScreenInput,
} from './application/message-screen';
export { MESSAGE_MODERATION, type MessageModeration } from './application/moderate-message';
export type { Actor as ChatActor } from './application/context';
export { ImportChats } from './application/import-chats';
export { ImportMessages } from './application/import-messages';
export { ExportChats } from './application/export-chats';
export type * from './application/bulk-ports';
export { bodySchema, clientMsgIdSchema, emojiSchema, importEventIdOf, messageIdOf } from './domain/message';
export { IMPORT_MESSAGES_BATCH } from './application/bulk-ports';
export { MAX_GROUP_MEMBERS, titleSchema } from './domain/chat';
export {
  CHAT_SNAPSHOTS,
  MESSAGE_SNAPSHOTS,
  USER_PROFILE_STATES,
  type ChatSnapshotReader,
  type MessageSnapshotReader,
  type UserProfileStates,
} from './application/reconciliation-ports';
export type { ChatSnapshot, MessageSnapshot, ProfileState } from './domain/snapshots';
