import { inject, injectable } from 'inversify';
import { z } from 'zod';
import type { WsConnection, WsHandler } from '../../../platform/ws';
import { TrackPresence } from '../application/track-presence';
import { deviceStatusSchema } from '../domain/presence';

const presencePayload = z.object({ status: deviceStatusSchema });

/** `presence {status: online|away}`: this device's own status. */
@injectable()
export class PresenceWsHandler implements WsHandler {
  readonly type = 'presence';

  constructor(@inject(TrackPresence) private readonly presence: TrackPresence) {}

  async handle(payload: unknown, connection: WsConnection): Promise<{ status: string }> {
    const { status } = presencePayload.parse(payload);
    await this.presence.setStatus(connection, status);
    return { status };
  }
}
