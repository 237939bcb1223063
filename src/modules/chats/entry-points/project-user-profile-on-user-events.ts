import { inject, injectable } from 'inversify';
import type { EventEnvelope, StreamHandler } from '../../../platform/kafka';
import { applyUserEvent, USER_PROJECTION_EVENTS, USERS_TOPIC } from '../../users';
import { MongoUserProfiles } from '../data-access/mongo-user-profiles';

/** Keeps the display profiles chat views need in MongoDB, in step with user events. */
@injectable()
export class ProjectUserProfileOnUserEvents implements StreamHandler {
  readonly name = 'chats.project-user-profile';
  readonly topics = [USERS_TOPIC];
  readonly eventTypes = USER_PROJECTION_EVENTS;

  constructor(@inject(MongoUserProfiles) private readonly profiles: MongoUserProfiles) {}

  handle(event: EventEnvelope): Promise<void> {
    return applyUserEvent(event, this.profiles);
  }
}
