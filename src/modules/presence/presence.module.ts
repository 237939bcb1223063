import { ContainerModule } from 'inversify';
import { HTTP_ROUTE } from '../../platform/http';
import { API_TASK } from '../../platform/lifecycle';
import { WS_CONNECTION_LISTENER, WS_HANDLER } from '../../platform/ws';
import { PRESENCE_STORE } from './application/ports';
import { ReadPresence } from './application/read-presence';
import { TrackPresence } from './application/track-presence';
import { RedisPresenceStore } from './data-access/redis-presence-store';
import { PresenceRouter } from './entry-points/presence-router';
import { PresenceWsHandler } from './entry-points/presence-ws-handler';

/** Who is online, in Redis: per-device entries that expire unless renewed, announced to friends. */
export const presenceModule = new ContainerModule(({ bind }) => {
  bind(PRESENCE_STORE).to(RedisPresenceStore);
  bind(TrackPresence).toSelf();
  bind(ReadPresence).toSelf();
  bind(WS_CONNECTION_LISTENER).toService(TrackPresence);
  bind(API_TASK).toService(TrackPresence);
  bind(WS_HANDLER).to(PresenceWsHandler);
  bind(HTTP_ROUTE).to(PresenceRouter);
});
