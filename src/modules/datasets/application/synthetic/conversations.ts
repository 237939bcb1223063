import { messageIdOf } from '../../../chats';
import type { DatasetChat, DatasetMember, DatasetMessage, DatasetReaction } from '../records';
import type { People } from './people';
import type { Random } from './random';
import { EMOJI, TOPICS, WORDS } from './words';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A chat with its messages, generated together (members' read markers depend on the messages). */
export interface Conversation {
  readonly chat: DatasetChat;
  readonly messages: readonly DatasetMessage[];
}

interface ChatPlan {
  readonly id: string;
  readonly type: 'direct' | 'group';
  readonly title: string | null;
  readonly createdAt: number;
  readonly members: readonly { readonly user: number; readonly role: DatasetMember['role'] }[];
  /** Share of all messages (heavy-tailed: a few chats carry most of the traffic). */
  readonly weight: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const joinedAt = (people: People, user: number): number => Date.parse(people.users[user]?.createdAt ?? '');

/**
 * Direct chats between about half of the friend pairs and group chats around well-connected
 * users, then `total` messages spread over them in proportion to a heavy-tailed activity, each
 * chat's messages at random times between its creation and `endMs`, in seq order.
 */
export function* generateConversations(
  random: Random,
  people: People,
  total: number,
  endMs: number,
): Generator<Conversation> {
  const plans = planChats(random, people, endMs);
  const weights = plans.reduce((sum, plan) => sum + plan.weight, 0);
  const counts = plans.map((plan) => Math.floor((total * plan.weight) / weights));
  for (let left = total - counts.reduce((a, b) => a + b, 0); left > 0; left -= 1) {
    const index = random.int(0, plans.length - 1);
    counts[index] = (counts[index] ?? 0) + 1;
  }
  for (const [index, plan] of plans.entries()) yield converse(random, people, plan, counts[index] ?? 0, endMs);
}

function planChats(random: Random, people: People, endMs: number): ChatPlan[] {
  const plans: ChatPlan[] = [];
  const byId = new Map(people.users.map((user, index) => [user.id, index]));
  for (const friendship of people.friendships) {
    if (!random.chance(0.5)) continue;
    const a = byId.get(friendship.userId) ?? 0;
    const b = byId.get(friendship.friendId) ?? 0;
    const createdAt = Math.min(Date.parse(friendship.since) + random.int(0, 48 * HOUR), endMs - HOUR);
    const members = [a, b].map((user) => ({ user, role: 'member' as const }));
    plans.push({ id: random.uuid(), type: 'direct', title: null, createdAt, members, weight: random.pareto(1, 1.2) });
  }
  const groups = Math.max(1, Math.round(people.users.length / 10));
  for (let g = 0; g < groups && people.users.length >= 3; g += 1) {
    const owner = people.ends.length > 0 ? random.pick(people.ends) : random.int(0, people.users.length - 1);
    const size = Math.min(people.users.length, 3 + Math.floor(random.pareto(1, 1.3)) - 1, 60);
    const others = random.sample(people.friendsOf[owner] ?? [], size - 1);
    while (others.length < size - 1) {
      const user = random.int(0, people.users.length - 1);
      if (user !== owner && !others.includes(user)) others.push(user);
    }
    const members = [
      { user: owner, role: 'owner' as const },
      ...others.map((user) => ({ user, role: random.chance(0.1) ? ('admin' as const) : ('member' as const) })),
    ];
    const latestJoin = Math.max(...members.map((member) => joinedAt(people, member.user)));
    const createdAt = Math.min(latestJoin + random.int(0, 24 * HOUR), endMs - HOUR);
    const title = `${random.pick(TOPICS)} ${random.pick(WORDS)}`;
    plans.push({ id: random.uuid(), type: 'group', title, createdAt, members, weight: 2 * random.pareto(1, 1.2) });
  }
  return plans;
}

function converse(random: Random, people: People, plan: ChatPlan, count: number, endMs: number): Conversation {
  const times = Array.from(
    { length: count },
    () => plan.createdAt + Math.floor(random.float() * (endMs - plan.createdAt)),
  ).sort((a, b) => a - b);
  const talkativeness = plan.members.map(() => random.pareto(1, 1.5));
  const totalTalk = talkativeness.reduce((a, b) => a + b, 0);
  const lastOwn = new Map<number, number>();
  const messages: DatasetMessage[] = [];
  for (const [index, createdAt] of times.entries()) {
    let draw = random.float() * totalTalk;
    const speaker = plan.members.find((_, m) => (draw -= talkativeness[m] ?? 0) < 0) ?? plan.members[0];
    const sender = speaker?.user ?? 0;
    const seq = index + 1;
    lastOwn.set(sender, seq);
    messages.push(message(random, people, plan, { sender, seq, createdAt, endMs, earlier: messages }));
  }
  const members: DatasetMember[] = plan.members.map(({ user, role }) => ({
    userId: people.users[user]?.id ?? '',
    role,
    joinedAt: iso(plan.createdAt),
    lastReadSeq: count === 0 ? 0 : random.int(lastOwn.get(user) ?? 0, count),
  }));
  return {
    chat: { id: plan.id, type: plan.type, title: plan.title, createdAt: iso(plan.createdAt), members },
    messages,
  };
}

interface Draft {
  readonly sender: number;
  readonly seq: number;
  readonly createdAt: number;
  readonly endMs: number;
  readonly earlier: readonly DatasetMessage[];
}

function message(random: Random, people: People, plan: ChatPlan, draft: Draft): DatasetMessage {
  const others = plan.members.filter((member) => member.user !== draft.sender);
  const words = Array.from({ length: random.int(2, 16) }, () => random.pick(WORDS));
  const mentioned = others.length > 0 && random.chance(0.08) ? random.pick(others).user : undefined;
  const text = words.join(' ');
  const body =
    mentioned === undefined
      ? text.charAt(0).toUpperCase() + text.slice(1)
      : `@${people.users[mentioned]?.username ?? ''} ${text}`;
  const later = (maxMs: number): string => iso(Math.min(draft.createdAt + random.int(1000, maxMs), draft.endMs));
  const deleted = random.chance(0.01);
  const reply = draft.earlier.length > 0 && random.chance(0.08) ? random.pick(draft.earlier.slice(-50)) : undefined;
  const reactions: DatasetReaction[] = random.chance(0.06)
    ? random.sample([...EMOJI], random.int(1, 2)).map((emoji) => ({
        emoji,
        userIds: random
          .sample(plan.members, random.int(1, Math.min(3, plan.members.length)))
          .map((member) => people.users[member.user]?.id ?? ''),
      }))
    : [];
  return {
    id: messageIdOf(plan.id, draft.seq),
    chatId: plan.id,
    seq: draft.seq,
    senderId: people.users[draft.sender]?.id ?? '',
    clientMsgId: `c${draft.seq}`,
    body: deleted ? null : body,
    mentions: mentioned === undefined ? [] : [people.users[mentioned]?.id ?? ''],
    replyTo: reply?.id ?? null,
    reactions,
    createdAt: iso(draft.createdAt),
    editedAt: !deleted && random.chance(0.03) ? later(10 * MINUTE) : null,
    deletedAt: deleted ? later(HOUR) : null,
  };
}
