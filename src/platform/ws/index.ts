export { WS_HANDLER, type ServerFrame, type WsConnection, type WsHandler } from './contributions';
export { WS_CLOSE, WsGateway, type GatewayOptions } from './gateway';
