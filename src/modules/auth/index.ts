export type { TokenPair } from './domain/tokens';
export { PASSWORD_HASHER, type PasswordHasher } from './application/ports';
