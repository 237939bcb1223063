import type { ContainerModule } from 'inversify';

/**
 * The one list of feature modules. Each contributes its bindings and its HttpRoute, WsHandler and
 * StreamHandler multi-bindings; the api and worker roles collect those.
 */
export const featureModules: readonly ContainerModule[] = [];
