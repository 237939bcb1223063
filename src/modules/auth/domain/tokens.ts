/** What a client gets from register, login and refresh. */
export interface TokenPair {
  readonly accessToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  readonly refreshToken: string;
}
