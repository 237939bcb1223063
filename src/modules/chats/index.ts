export { chatsModule } from './chats.module';
export { MongoUserProfiles, type UserProfileDoc } from './data-access/mongo-user-profiles';
export { ProjectUserProfileOnUserEvents } from './entry-points/project-user-profile-on-user-events';
