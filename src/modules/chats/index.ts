export { MongoUserProfiles, type UserProfileDoc } from './data-access/mongo-user-profiles';
export { ProjectUserProfileOnUserEvents } from './entry-points/project-user-profile-on-user-events';
export { CHAT_MEMBERSHIP, type ChatMembership } from './application/membership';
export * from './domain/events';
