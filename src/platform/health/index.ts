export {
  checkReadiness,
  HEALTH_CHECK,
  type HealthCheck,
  type Readiness,
  type StoreHealth,
  type StoreName,
} from './health';
