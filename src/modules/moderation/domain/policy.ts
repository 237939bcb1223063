import { z } from 'zod';

/** What a deployment (or a chat's override) does with a score (docs/decisions/0038). */
export const POLICY_MODES = ['off', 'flag', 'hold'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];
export const policyModeSchema = z.enum(POLICY_MODES);

/** allow: delivered; flag: delivered and queued for review; hold: queued, kept from the others. */
export type Verdict = 'allow' | 'flag' | 'hold';

/**
 * The verdict on a spam probability under a mode: `off` allows everything, `flag` flags at or
 * above the model's flag threshold, `hold` also holds at or above its hold threshold.
 */
export function verdictOf(mode: PolicyMode, score: number, thresholds: { flag: number; hold: number }): Verdict {
  if (mode === 'off') return 'allow';
  if (mode === 'hold' && score >= thresholds.hold) return 'hold';
  return score >= thresholds.flag ? 'flag' : 'allow';
}

const SEVERITY: Readonly<Record<Verdict, number>> = { allow: 0, flag: 1, hold: 2 };

/** The more severe of two verdicts (hold > flag > allow): several models screen one message. */
export function moreSevere(a: Verdict, b: Verdict): Verdict {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}
