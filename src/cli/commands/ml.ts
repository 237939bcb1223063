import type { Command } from 'commander';
import { nonNegativeInt, positiveInt } from '../support/options';

/** The implementation, loaded only when the command runs (so `--help` loads no driver). */
const action = (): typeof import('./ml-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./ml-action') as typeof import('./ml-action');

/** `polychat ml train|promote|list|links`: the training pipeline (scripts/ml, docs/decisions/0037). */
export function register(program: Command): void {
  const ml = program.command('ml').description('trained models: train, evaluate, version, promote');
  ml.command('train')
    .description(
      'train and evaluate a model in the project venv (scripts/ml/.venv, made on first use); writes data/models/<model>/<version>/',
    )
    .argument('<model>', 'spam | links | abuse')
    .option(
      '--with-reviews',
      "add reviewers' decisions from the moderation queue to the training data (connects to MongoDB)",
    )
    .option('--promote', 'make the new version current when it is written')
    // Not --version: that is the program's own option and would print polychat's version instead.
    .option('--as <version>', 'the version to write (default: the next vN)')
    .option('--users <n>', 'links: users in the seeded graph', positiveInt, 10_000)
    .option('--seed <s>', 'links: seed of the graph and of the split', nonNegativeInt, 14)
    .action(
      (model: string, { as, ...options }: Omit<import('./ml-action').TrainOptions, 'version'> & { as?: string }) =>
        action().train(model, { ...options, ...(as ? { version: as } : {}) }),
    );
  ml.command('promote')
    .description('make a version current; running api and worker processes pick it up within ML_RELOAD_MS')
    .argument('<model>', 'spam | links | abuse')
    .argument('<version>', 'e.g. v2')
    .action((model: string, version: string) => action().promote(model, version));
  ml.command('links')
    .description(
      'link prediction: seed a graph (polychat seed), hold out a tenth of the friendships, and print precision@10 and recall@10 of the learned ranker beside the served formula',
    )
    .option('--users <n>', 'users in the seeded graph', positiveInt, 10_000)
    .option('--seed <s>', 'seed of the graph and of the split', nonNegativeInt, 14)
    .action((options: { users: number; seed: number }) => action().links(options));
  ml.command('list')
    .description("a model's versions with their held-out metrics, the current one marked")
    .argument('<model>', 'spam | links | abuse')
    .action((model: string) => action().list(model));
}
