import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * A seeded random source (pure-rand's xoroshiro128+): the same seed gives the same sequence on
 * every machine and Node version, which Math.random cannot promise.
 */
export class Random {
  private readonly rng: RandomGenerator;

  /** `stream` separates independent sequences drawn from one seed (people, conversations…). */
  constructor(seed: number, stream = 0) {
    this.rng = xoroshiro128plus((Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + stream * 0x85ebca6b) | 0);
  }

  /** A whole number in [from, to]. */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  /** A number in [0, 1). */
  float(): number {
    return uniformFloat64(this.rng);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Pareto(min, alpha): heavy-tailed, most values near `min`, a few far above. */
  pareto(min: number, alpha: number): number {
    return min / Math.pow(1 - this.float(), 1 / alpha);
  }

  /** A version-4 UUID drawn from this sequence. */
  uuid(): string {
    const words = [0, 1, 2, 3].map(() => this.int(0, 0xffffffff).toString(16).padStart(8, '0')).join('');
    const variant = ((parseInt(words.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${words.slice(0, 8)}-${words.slice(8, 12)}-4${words.slice(13, 16)}-${variant}${words.slice(17, 20)}-${words.slice(20, 32)}`;
  }

  /** `count` distinct items of `items`, in random order (all of them if there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const size = Math.min(count, copy.length);
    for (let i = 0; i < size; i += 1) {
      const j = this.int(i, copy.length - 1);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, size);
  }
}
