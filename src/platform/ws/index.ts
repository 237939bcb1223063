export {
  WS_CONNECTION_LISTENER,
  WS_HANDLER,
  type ServerFrame,
  type WsConnection,
  type WsConnectionListener,
  type WsHandler,
} from './contributions';
export { RedisFrameRateLimiter, type FrameRateLimiter } from './frame-rate-limiter';
export { SESSIONS_REVOKED, WS_CLOSE, type SessionsRevoked } from './frames';
export { WsGateway, type GatewayDeps, type GatewayOptions } from './gateway';
export { LIVE_FANOUT, RedisLiveFanout, type LiveFanout } from './live-fanout';
