import type { ContainerModule } from 'inversify';
import { authModule } from './modules/auth';
import { chatsModule } from './modules/chats';
import { friendsModule } from './modules/friends';
import { usersModule } from './modules/users';

/**
 * The one list of feature modules. Each contributes its bindings and its HttpRoute, WsHandler and
 * StreamHandler multi-bindings; the api and worker roles collect those.
 */
export const featureModules: readonly ContainerModule[] = [usersModule, authModule, friendsModule, chatsModule];
