import type { PolicyMode, Verdict } from '../domain/policy';
import type { ReviewEntry, ReviewDecision } from '../domain/review';

/** Trained models and the pointer to the version in use (data/models). */
export interface ModelStore {
  /** The version CURRENT names, or undefined when none is promoted. */
  current(name: string): Promise<{ version: string } | undefined>;
  read(name: string, version: string): Promise<string>;
  versions(name: string): Promise<string[]>;
  evaluation(name: string, version: string): Promise<unknown>;
  promote(name: string, version: string): Promise<void>;
}

/** Review queue entries (one per flagged or held message version) and reviewers' decisions. */
export interface ReviewStore {
  /** Idempotent by entry id (the event that flagged it). */
  add(entry: ReviewEntry): Promise<void>;
  find(id: string): Promise<ReviewEntry | undefined>;
  /** Pending entries, oldest first, after the cursor entry's createdAt/id. */
  pending(after: { createdAt: string; id: string } | undefined, limit: number): Promise<ReviewEntry[]>;
  /** Records the decision if the entry is still pending; returns the entry as it is now. */
  decide(id: string, decision: ReviewDecision): Promise<ReviewEntry | undefined>;
  /** Every decided entry (training labels), oldest first. */
  labels(): AsyncIterable<ReviewEntry>;
}

/** Per-chat policy overrides. */
export interface ChatPolicyStore {
  get(chatId: string): Promise<PolicyMode | undefined>;
  set(chatId: string, mode: PolicyMode | null, actorId: string): Promise<void>;
}

/** Chat members' roles (owner, admin, member), projected from chat events. */
export interface ChatRoleStore {
  /** The member's role, or null when not (or no longer) a member. */
  roleOf(chatId: string, userId: string): Promise<string | null>;
  /** Sets roles (null: removed) as of a chat event version; older versions change nothing. */
  apply(chatId: string, changes: readonly { userId: string; role: string | null }[], version: number): Promise<void>;
}

/** Inference latency and verdict counts per model version (/metrics). */
export interface ModerationMetrics {
  scored(model: string, seconds: number, verdict: Verdict): void;
}

export const MODEL_STORE = Symbol.for('polychat.moderation.ModelStore');
export const REVIEW_STORE = Symbol.for('polychat.moderation.ReviewStore');
export const CHAT_POLICY_STORE = Symbol.for('polychat.moderation.ChatPolicyStore');
export const CHAT_ROLE_STORE = Symbol.for('polychat.moderation.ChatRoleStore');
export const MODERATION_METRICS = Symbol.for('polychat.moderation.Metrics');
