import assert from 'node:assert/strict';
import type { Logger } from '../../../platform/logger';
import type { PolicyMode, Verdict } from '../domain/policy';
import { TfidfModel } from '../domain/tfidf-model';
import { ChatPolicies } from './chat-policies';
import type { CurrentModels } from './current-models';
import type { ChatPolicyStore, ModerationMetrics } from './ports';
import { ScreenMessage } from './screen-message';

/** A model that scores "free" texts 0.99+ and others below 0.4. */
const model = new TfidfModel({
  name: 'spam',
  version: 'v3',
  format: 'polychat.tfidf-logreg/1',
  tokenPattern: '[a-z0-9]{2,}',
  lowercase: true,
  terms: ['free', 'prize', 'lunch'],
  idf: [1, 1, 1],
  coef: [8, 8, -2],
  intercept: -0.5,
  thresholds: { flag: 0.5, hold: 0.99 },
});

/** An abuse model: "idiot" texts score 0.989 (above its flag, below its hold). */
const abuse = new TfidfModel({
  name: 'abuse',
  version: 'v1',
  format: 'polychat.tfidf-logreg/1',
  tokenPattern: '[a-z0-9]{2,}',
  lowercase: true,
  terms: ['idiot'],
  idf: [1],
  coef: [5],
  intercept: -0.5,
  thresholds: { flag: 0.9, hold: 0.999 },
});

function screen(options: {
  mode?: PolicyMode;
  override?: PolicyMode;
  model?: TfidfModel | undefined;
  abuse?: TfidfModel;
  fail?: boolean;
}) {
  const scored: [string, Verdict][] = [];
  const errors: unknown[] = [];
  const store: ChatPolicyStore = { get: () => Promise.resolve(options.override), set: () => Promise.resolve() };
  const models = {
    get: (name: string) =>
      options.fail
        ? Promise.reject(new Error('disk gone'))
        : Promise.resolve(name === 'spam' ? options.model : options.abuse),
  } as unknown as CurrentModels;
  const metrics: ModerationMetrics = { scored: (version, _seconds, verdict) => scored.push([version, verdict]) };
  const logger = { error: (_message: string, meta: unknown) => errors.push(meta) } as unknown as Logger;
  const roles = { roleOf: () => Promise.resolve(null), apply: () => Promise.resolve() };
  const policies = new ChatPolicies(store, { policy: options.mode ?? 'hold', policyCacheMs: 1000 }, roles);
  return { screen: new ScreenMessage(models, policies, metrics, logger), scored, errors };
}

const input = (body: string) => ({ chatId: 'c1', senderId: 'u1', body, kind: 'send' as const });

describe('ScreenMessage', () => {
  it('allows a normal text and counts the verdict for the model version', async () => {
    const { screen: s, scored } = screen({ model });
    assert.deepEqual(await s.screen(input('lunch?')), { verdict: 'allow' });
    assert.deepEqual(scored, [['spam/v3', 'allow']]);
  });

  it('holds above the hold threshold, with the facts and the withheld body for the queue', async () => {
    const { screen: s } = screen({ model });
    const result = await s.screen(input('free prize'));
    assert.equal(result.verdict, 'hold');
    assert.deepEqual(result.facts?.models, ['spam/v3']);
    assert.equal(result.facts?.policy, 'hold');
    assert.equal(result.facts?.heldBody, 'free prize');
    assert.ok((result.facts?.scores['spam'] ?? 0) > 0.99);
  });

  it('only flags under the flag policy, and a chat override beats the deployment', async () => {
    assert.equal((await screen({ model, mode: 'flag' }).screen.screen(input('free prize'))).verdict, 'flag');
    const off = screen({ model, override: 'off' });
    assert.deepEqual(await off.screen.screen(input('free prize')), { verdict: 'allow' });
    assert.deepEqual(off.scored, [], 'off: not even scored');
  });

  it('scores abuse beside spam, each against its own thresholds; the most severe verdict wins, with its reason', async () => {
    const { screen: s, scored } = screen({ model, abuse });
    const flagged = await s.screen(input('you idiot, lunch?'));
    assert.equal(flagged.verdict, 'flag', 'abuse 0.99 is above its flag (0.9), below its hold (0.999)');
    assert.deepEqual(flagged.facts?.models, ['spam/v3', 'abuse/v1']);
    assert.deepEqual((flagged.facts as { reasons?: string[] } | undefined)?.reasons, ['abuse']);
    assert.ok((flagged.facts?.scores['abuse'] ?? 0) > 0.98);
    const held = await s.screen(input('free prize, idiot'));
    assert.equal(held.verdict, 'hold');
    assert.deepEqual((held.facts as { reasons?: string[] } | undefined)?.reasons, ['spam', 'abuse']);
    assert.deepEqual(scored.slice(0, 2), [
      ['spam/v3', 'allow'],
      ['abuse/v1', 'flag'],
    ]);
  });

  it('allows when no model is promoted, and when anything fails (logged)', async () => {
    assert.deepEqual(await screen({ model: undefined }).screen.screen(input('free prize')), { verdict: 'allow' });
    const failing = screen({ model, fail: true });
    assert.deepEqual(await failing.screen.screen(input('free prize')), { verdict: 'allow' });
    assert.equal(failing.errors.length, 1);
  });
});
