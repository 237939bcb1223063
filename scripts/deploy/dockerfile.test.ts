import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../stack/paths';
import {
  allRoles,
  buildTsConfig,
  cliCommands,
  knownVariables,
  nodeRuntimeVariables,
  rolesOf,
  sourceOfBuiltFile,
} from './app-contract';
import { envAssignments, execForm, instructionsOf, loadDockerfile, type Stage } from './dockerfile';
import { runTool } from './tools';

const { text, stages } = loadDockerfile();
const runtime = stages.at(-1) as Stage;

function only(stage: Stage, keyword: string): string {
  const found = instructionsOf(stage, keyword);
  assert.equal(found.length, 1, `one ${keyword} in stage ${stage.name ?? '?'}`);
  return (found[0] as { args: string }).args;
}

/** `--from=<stage>` of a COPY, and its sources. */
function copyParts(args: string): { from: string | undefined; sources: string[] } {
  const words = args.split(/\s+/);
  const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
  const plain = words.filter((word) => !word.startsWith('--'));
  return { from, sources: plain.slice(0, -1) };
}

describe('Dockerfile', () => {
  it('is multi-stage: a build stage compiles, the runtime stage only copies the results', () => {
    assert.ok(stages.length >= 2, 'at least two stages');
    const build = stages.find((stage) =>
      instructionsOf(stage, 'RUN').some((run) => run.args.includes('npm run build')),
    );
    assert.ok(build?.name, 'a named stage runs npm run build');
    assert.notEqual(build, runtime);
    assert.deepEqual(instructionsOf(runtime, 'RUN'), [], 'the runtime stage runs nothing: no compilers, no npm');
    const copies = instructionsOf(runtime, 'COPY').map((copy) => copyParts(copy.args));
    assert.ok(copies.some((copy) => copy.from === build.name && copy.sources.includes('/app/dist')));
  });

  it('installs production dependencies only into the runtime stage', () => {
    const nodeModules = instructionsOf(runtime, 'COPY')
      .map((copy) => copyParts(copy.args))
      .filter((copy) => copy.sources.some((source) => source.includes('node_modules')));
    assert.equal(nodeModules.length, 1, 'node_modules comes from exactly one stage');
    const source = stages.find((stage) => stage.name === nodeModules[0]?.from);
    assert.ok(source, `stage ${nodeModules[0]?.from} exists`);
    const installs = instructionsOf(source, 'RUN').filter((run) => /\bnpm (ci|install)\b/.test(run.args));
    assert.ok(installs.length > 0, 'that stage installs dependencies');
    for (const install of installs) assert.match(install.args, /npm ci --omit=dev/, 'from the lockfile, without dev');
  });

  it('ends as a non-root user that k8s runs as', () => {
    const user = instructionsOf(runtime, 'USER').at(-1)?.args;
    assert.ok(user, 'the runtime stage sets USER');
    const [name = ''] = user.split(':');
    assert.ok(!['root', '0', ''].includes(name), `USER ${user} is not root`);
    assert.equal(name, '1000', 'numeric, so runAsNonRoot can verify it (k8s/app and k8s/migrate run as 1000)');
  });

  it('has a HEALTHCHECK that asks /healthz with node (slim images have no curl)', () => {
    const healthcheck = only(runtime, 'HEALTHCHECK');
    const command = execForm(healthcheck.slice(healthcheck.indexOf('CMD') + 3));
    assert.ok(command, 'exec form');
    assert.equal(command[0], 'node');
    assert.match(command.join(' '), /\/healthz/);
    assert.match(command.join(' '), /process\.env\.HTTP_PORT/, 'the port the app listens on');
  });

  it('starts main.ts with roles main.ts accepts', () => {
    const entrypoint = execForm(only(runtime, 'ENTRYPOINT'));
    assert.deepEqual(entrypoint?.slice(0, 1), ['node']);
    const script = entrypoint?.[1] ?? '';
    assert.equal(sourceOfBuiltFile(script), 'src/main.ts', `${script} is the build of src/main.ts`);
    const cmd = execForm(only(runtime, 'CMD'));
    assert.ok(cmd, 'CMD in exec form, so a role argument replaces it');
    assert.deepEqual(rolesOf(cmd), allRoles, 'the default CMD runs every role');
  });

  it('documents the migrate command with the build path of the CLI', () => {
    const usage = /--entrypoint node polychat (\S+) (\S+)/.exec(text);
    assert.ok(usage, 'the header shows how to migrate');
    assert.equal(sourceOfBuiltFile(usage[1] ?? ''), 'src/cli/main.ts');
    assert.ok(cliCommands().includes(usage[2] ?? ''));
  });

  it('sets only variables the config schema knows (or Node itself reads)', () => {
    const env = new Map(instructionsOf(runtime, 'ENV').flatMap((instruction) => [...envAssignments(instruction.args)]));
    for (const name of env.keys()) {
      assert.ok(knownVariables.has(name) || nodeRuntimeVariables.has(name), `${name} is a known variable`);
    }
    assert.equal(env.get('HTTP_HOST'), '0.0.0.0', 'reachable from outside the container');
    assert.equal(env.get('LOG_DIR'), '', 'logs go to stdout only');
    assert.deepEqual(
      instructionsOf(runtime, 'EXPOSE').map((expose) => expose.args),
      [env.get('HTTP_PORT')],
    );
  });

  it('sends only what the build copies (.dockerignore is an allow-list)', () => {
    const lines = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    assert.equal(lines[0], '*', 'everything is excluded first');
    const allowed = lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1).replace(/\/$/, ''));
    const fromContext = stages.flatMap((stage) =>
      instructionsOf(stage, 'COPY')
        .map((copy) => copyParts(copy.args))
        .filter((copy) => copy.from === undefined)
        .flatMap((copy) => copy.sources),
    );
    for (const source of fromContext) {
      assert.ok(allowed.includes(source.replace(/\/$/, '')), `${source} is allowed into the context`);
      assert.ok(existsSync(path.join(repoRoot, source)), `${source} exists`);
    }
  });

  it('builds migrations the image can run: no separate source maps beside them', () => {
    // node-pg-migrate loads every file of dist/migrations/pg, and a .js.map would be one of them.
    const { compilerOptions, include = [] } = buildTsConfig();
    assert.notEqual(compilerOptions.sourceMap, true, 'sourceMap would emit .js.map files');
    assert.ok(include.includes('migrations'), 'migrations are compiled');
    assert.equal(sourceOfBuiltFile('dist/migrations/mongo.js'), 'migrations/mongo.ts');
  });

  it('passes hadolint with no finding at any level', () => {
    const run = runTool('hadolint', ['--no-color', '--failure-threshold', 'style', 'Dockerfile'], { cwd: repoRoot });
    assert.equal(run.status, 0, `hadolint:\n${run.stdout}${run.stderr}`);
  });
});
