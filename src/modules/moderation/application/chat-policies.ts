import { inject, injectable } from 'inversify';
import type { PolicyMode } from '../domain/policy';
import { ReviewErrors } from '../domain/review';
import { CHAT_POLICY_STORE, CHAT_ROLE_STORE, type ChatPolicyStore, type ChatRoleStore } from './ports';

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
    @inject(CHAT_ROLE_STORE) private readonly roles: ChatRoleStore,
  ) {}

  /**
   * May this caller read or set the chat's policy? Deployment admins may, for any chat; a chat's
   * owners and admins may for theirs; another member gets 403, anyone else 404 — a chat's
   * existence is not told to non-members (docs/decisions/0010, 0043).
   */
  async authorize(chatId: string, caller: { userId: string; role: string }): Promise<void> {
    if (caller.role === 'admin') return;
    const role = await this.roles.roleOf(chatId, caller.userId);
    if (role === null) throw ReviewErrors.chatNotFound();
    if (role !== 'owner' && role !== 'admin') throw ReviewErrors.notChatAdmin();
  }

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
