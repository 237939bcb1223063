import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { isImported, type EventEnvelope, type StreamHandler } from '../../../platform/kafka';
import { LIVE_FANOUT, type LiveFanout } from '../../../platform/ws';
import { FRIENDSHIPS_TOPIC, FriendshipEventTypes } from '../../friends';
import { Notify } from '../application/notify';
import type { NotificationDraft } from '../domain/notification';

const requestPayload = z.object({ requestId: z.string(), fromUserId: z.string(), toUserId: z.string() });

/**
 * A friend request tells its recipient, an accepted one tells the requester: live as
 * `friend.request` / `friend.accepted` on any connection they have, and as a notification when
 * they have none.
 */
@injectable()
export class NotifyOnFriendRequests implements StreamHandler {
  readonly name = 'notifications.friend-requests';
  readonly topics = [FRIENDSHIPS_TOPIC];
  readonly eventTypes = [FriendshipEventTypes.requestSent, FriendshipEventTypes.requestAccepted];

  constructor(
    @inject(Notify) private readonly notify: Notify,
    @inject(LIVE_FANOUT) private readonly fanout: LiveFanout,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    if (isImported(event)) return; // history from a dataset import: nobody is told
    const request = requestPayload.parse(event.payload);
    const accepted = event.type === FriendshipEventTypes.requestAccepted;
    const [recipient, actor] = accepted
      ? [request.fromUserId, request.toUserId]
      : [request.toUserId, request.fromUserId];
    await this.fanout.toUsers([recipient], {
      type: accepted ? 'friend.accepted' : 'friend.request',
      payload: { requestId: request.requestId, fromUserId: request.fromUserId, toUserId: request.toUserId },
    });
    const draft: NotificationDraft = {
      userId: recipient,
      kind: accepted ? 'friend_accepted' : 'friend_request',
      actorId: actor,
      chatId: null,
      messageId: null,
      requestId: request.requestId,
      preview: null,
      sourceEventId: event.id,
    };
    await this.notify.execute([draft], event.occurredAt);
  }
}
