import type { ContainerModule } from 'inversify';
import { analyticsModule } from './modules/analytics/analytics.module';
import { authModule } from './modules/auth/auth.module';
import { chatsModule } from './modules/chats/chats.module';
import { datasetsModule } from './modules/datasets/datasets.module';
import { friendsModule } from './modules/friends/friends.module';
import { moderationModule } from './modules/moderation/moderation.module';
import { notificationsModule } from './modules/notifications/notifications.module';
import { presenceModule } from './modules/presence/presence.module';
import { reconcileModule } from './modules/reconcile/reconcile.module';
import { searchModule } from './modules/search/search.module';
import { usersModule } from './modules/users/users.module';

/**
 * The one list of feature modules. Each contributes its bindings and its HttpRoute, WsHandler and
 * StreamHandler multi-bindings; the api and worker roles collect those. Modules are imported here
 * directly, not through their index.ts, which holds only the contracts other modules may use (so
 * two modules can use each other's contracts without an import cycle).
 */
export const featureModules: readonly ContainerModule[] = [
  usersModule,
  authModule,
  friendsModule,
  chatsModule,
  searchModule,
  analyticsModule,
  datasetsModule,
  presenceModule,
  notificationsModule,
  reconcileModule,
  moderationModule,
];
