import { ContainerModule } from 'inversify';
import { STREAM_HANDLER } from '../../platform/kafka';
import { MongoUserProfiles } from './data-access/mongo-user-profiles';
import { ProjectUserProfileOnUserEvents } from './entry-points/project-user-profile-on-user-events';

/** Chats and messages in MongoDB. So far: the user display profiles chat views are built with. */
export const chatsModule = new ContainerModule(({ bind }) => {
  bind(MongoUserProfiles).toSelf();
  bind(ProjectUserProfileOnUserEvents).toSelf();
  bind(STREAM_HANDLER).toService(ProjectUserProfileOnUserEvents);
});
