export {
  checkReadiness,
  HEALTH_CHECK,
  type HealthCheck,
  type Readiness,
  type StoreHealth,
  type StoreName,
} from './health';
export { STORE_UNAVAILABLE, storeUnavailable, toStoreError, unavailableStoreOf } from './store-errors';
