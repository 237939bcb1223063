import { inject, injectable } from 'inversify';
import type { PolicyMode } from '../domain/policy';
import { CHAT_POLICY_STORE, type ChatPolicyStore } from './ports';

/** The deployment's policy and how long a process trusts a chat override it read. */
export const MODERATION_SETTINGS = Symbol.for('polychat.moderation.Settings');
export interface ModerationSettings {
  readonly policy: PolicyMode;
  readonly policyCacheMs: number;
}

/**
 * The policy in force for a chat: its override, else the deployment's. Overrides are cached per
 * process for policyCacheMs, so the send path reads the store at most that often per chat; the
 * process that changes one sees the change at once.
 */
@injectable()
export class ChatPolicies {
  private readonly cache = new Map<string, { mode: PolicyMode | undefined; until: number }>();

  constructor(
    @inject(CHAT_POLICY_STORE) private readonly store: ChatPolicyStore,
    @inject(MODERATION_SETTINGS) private readonly settings: ModerationSettings,
  ) {}

  async effective(chatId: string): Promise<{ mode: PolicyMode; override: PolicyMode | null }> {
    const now = Date.now();
    let cached = this.cache.get(chatId);
    if (!cached || cached.until <= now) {
      cached = { mode: await this.store.get(chatId), until: now + this.settings.policyCacheMs };
      this.cache.set(chatId, cached);
      if (this.cache.size > 100_000) this.cache.delete(this.cache.keys().next().value ?? chatId);
    }
    return { mode: cached.mode ?? this.settings.policy, override: cached.mode ?? null };
  }

  async set(
    chatId: string,
    mode: PolicyMode | null,
    actorId: string,
  ): Promise<{ mode: PolicyMode; override: PolicyMode | null }> {
    await this.store.set(chatId, mode, actorId);
    this.cache.delete(chatId);
    return this.effective(chatId);
  }
}
