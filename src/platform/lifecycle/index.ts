export { API_TASK, type BackgroundTask } from './background-task';
export { Shutdown, type Disposer } from './shutdown';
export type { StoreClient } from './store-client';
