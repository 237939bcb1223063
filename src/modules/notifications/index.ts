export { SIGNATURE_HEADER, signWebhook } from './data-access/push-providers';
export type { Notification, NotificationKind } from './domain/notification';
