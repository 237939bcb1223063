export { Shutdown, type Disposer } from './shutdown';
export type { StoreClient } from './store-client';
