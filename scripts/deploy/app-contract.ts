import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCli } from '../../src/cli/main';
import { configSchema } from '../../src/config/schema';
import { parseRoles } from '../../src/main';
import { repoRoot } from '../stack/paths';

/**
 * What deployments must agree with, read from the app itself rather than copied: the config
 * schema's variables, the roles main.ts accepts, the CLI's commands and where the build puts files.
 */

/** Every variable the config schema knows. */
export const knownVariables: ReadonlySet<string> = new Set(Object.keys(configSchema.shape));

/** Variables without a default: every deployment must set each of them. */
export const requiredVariables: readonly string[] = Object.entries(configSchema.shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([name]) => name);

/** Node's own variables an image may set besides polychat's. */
export const nodeRuntimeVariables: ReadonlySet<string> = new Set(['NODE_ENV', 'NODE_OPTIONS']);

/** `variable: reason` for each value the config schema refuses (empty when all are valid). */
export function configProblems(values: Readonly<Record<string, string>>): string[] {
  const result = configSchema.safeParse(values);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** The typed config those values give (throws on invalid ones). */
export function configOf(values: Readonly<Record<string, string>>): ReturnType<typeof configSchema.parse> {
  return configSchema.parse(values);
}

/** Every role main.ts runs when none is named: the full list. */
export const allRoles: readonly string[] = parseRoles([]);

/** The roles a process started with these arguments runs; throws, as main.ts does, on an unknown one. */
export function rolesOf(args: readonly string[]): string[] {
  return parseRoles(args);
}

/** The commands of `polychat <command>` (src/cli/main.ts). */
export function cliCommands(): string[] {
  return buildCli().commands.map((command) => command.name());
}

interface TsConfig {
  extends?: string;
  include?: string[];
  exclude?: string[];
  compilerOptions?: { outDir?: string; rootDir?: string; sourceMap?: boolean; inlineSourceMap?: boolean };
}

function readTsConfig(file: string): TsConfig {
  return JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as TsConfig;
}

/** tsconfig.build.json with the compiler options it inherits from its `extends`. */
export function buildTsConfig(): TsConfig & { compilerOptions: NonNullable<TsConfig['compilerOptions']> } {
  const own = readTsConfig('tsconfig.build.json');
  const base = own.extends ? readTsConfig(own.extends) : {};
  return { ...base, ...own, compilerOptions: { ...base.compilerOptions, ...own.compilerOptions } };
}

/**
 * The source file `npm run build` compiles to a path of the image (`dist/src/main.js` ->
 * `src/main.ts`), or undefined when the build emits nothing there.
 */
export function sourceOfBuiltFile(builtPath: string): string | undefined {
  const { compilerOptions, include = [] } = buildTsConfig();
  const outDir = path.normalize(compilerOptions.outDir ?? '.');
  const relative = path.relative(outDir, path.normalize(builtPath));
  if (relative.startsWith('..') || !relative.endsWith('.js')) return undefined;
  const source = path.join(compilerOptions.rootDir ?? '.', relative.replace(/\.js$/, '.ts'));
  const included = include.some((folder) => source === folder || source.startsWith(`${path.normalize(folder)}/`));
  return included ? source : undefined;
}
