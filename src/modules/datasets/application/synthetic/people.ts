import type { DatasetFriendship, DatasetUser } from '../records';
import type { Random } from './random';
import { FIRST_NAMES, LAST_NAMES } from './words';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Users, their friendships, and who is whose friend (by user index). */
export interface People {
  readonly users: readonly DatasetUser[];
  readonly friendships: readonly DatasetFriendship[];
  readonly friendsOf: readonly (readonly number[])[];
  /** One entry per friendship end: picking from it picks users in proportion to their degree. */
  readonly ends: readonly number[];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const capitalised = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * Users joining over the first 70% of the span, and friendships by preferential attachment
 * (Barabási–Albert with a varying number of links per newcomer): most people have a few friends,
 * a few have very many — the heavy-tailed degree spread of real social graphs.
 */
export function generatePeople(random: Random, count: number, startMs: number, days: number): People {
  const span = days * DAY;
  const users: DatasetUser[] = [];
  const joined: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const username = `${first}.${last}${i}`;
    joined.push(startMs + Math.floor(((i + random.float()) / count) * span * 0.7));
    users.push({
      id: random.uuid(),
      username,
      email: `${username}@example.com`,
      displayName: `${capitalised(first)} ${capitalised(last)}`,
      passwordHash: null,
      createdAt: iso(joined[i] ?? startMs),
    });
  }
  const friendsOf: number[][] = users.map(() => []);
  const ends: number[] = [];
  const friendships: DatasetFriendship[] = [];
  const pairs = new Set<string>();
  for (let i = 1; i < count; i += 1) {
    const links = Math.min(i, Math.floor(random.pareto(1, 1.6)), 12);
    for (let attempt = 0, made = 0; made < links && attempt < links * 4; attempt += 1) {
      const j = ends.length > 0 && random.chance(0.85) ? random.pick(ends) : random.int(0, i - 1);
      const key = `${j}:${i}`;
      if (j === i || pairs.has(key)) continue;
      pairs.add(key);
      made += 1;
      friendsOf[i]?.push(j);
      friendsOf[j]?.push(i);
      ends.push(i, j);
      const since = Math.min(Math.max(joined[i] ?? 0, joined[j] ?? 0) + random.int(0, 3 * DAY), startMs + span - HOUR);
      const [a, b] = [users[i]?.id ?? '', users[j]?.id ?? ''].sort();
      friendships.push({ userId: a ?? '', friendId: b ?? '', since: iso(since) });
    }
  }
  return { users, friendships, friendsOf, ends };
}
