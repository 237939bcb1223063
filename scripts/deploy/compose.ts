import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoRoot } from '../stack/paths';

/** The environments that have an .env and a docker-compose.yml. */
export const ENVIRONMENTS = ['dev', 'stage', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The services that run the polychat image, and the stores beside them with their official images. */
export const POLYCHAT_SERVICES = ['migrate', 'api', 'worker'] as const;
export const STORE_IMAGES = {
  postgres: 'postgres',
  mongo: 'mongo',
  neo4j: 'neo4j',
  redis: 'redis',
  kafka: 'apache/kafka',
} as const;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const command = z.union([z.string(), z.array(z.string())]);
const limits = z.object({ cpus: z.union([z.string(), z.number()]).optional(), memory: z.string().optional() });

/** Stand-ins for what stage and prod take from the environment (never real secrets). */
export const composeSecrets: Readonly<Record<string, string>> = {
  POLYCHAT_IMAGE: 'registry.example.com/polychat:test',
  JWT_SECRET: 'test-only-jwt-secret-0123456789abcdef',
  POSTGRES_PASSWORD: 'test-postgres-password',
  MONGO_PASSWORD: 'test-mongo-password',
  NEO4J_PASSWORD: 'test-neo4j-password',
  REDIS_PASSWORD: 'test-redis-password',
};

/** The part of the Compose Specification the deploy tests read (the rest passes through). */
const serviceSchema = z.looseObject({
  image: z.string().optional(),
  build: z.unknown().optional(),
  env_file: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.union([z.record(z.string(), scalar), z.array(z.string())]).optional(),
  command: command.optional(),
  entrypoint: command.optional(),
  depends_on: z
    .union([z.array(z.string()), z.record(z.string(), z.object({ condition: z.string().optional() }))])
    .optional(),
  healthcheck: z.object({ test: command.optional(), disable: z.boolean().optional() }).optional(),
  ports: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
  volumes: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
  stop_grace_period: z.string().optional(),
  deploy: z
    .object({
      replicas: z.number().optional(),
      resources: z.object({ limits: limits.optional(), reservations: limits.optional() }).optional(),
    })
    .optional(),
});
const composeSchema = z.looseObject({
  name: z.string().optional(),
  services: z.record(z.string(), serviceSchema),
  volumes: z.record(z.string(), z.unknown()).nullable().optional(),
});

export type ComposeService = z.infer<typeof serviceSchema>;
export type ComposeFile = z.infer<typeof composeSchema>;

/** The folder of an environment: environments/<env>. */
export function environmentDir(env: Environment): string {
  return path.join(repoRoot, 'environments', env);
}

/** environments/<env>/docker-compose.yml, YAML merge keys (`<<: *anchor`) applied. */
export function loadCompose(env: Environment): ComposeFile {
  const text = readFileSync(path.join(environmentDir(env), 'docker-compose.yml'), 'utf8');
  return composeSchema.parse(parse(text, { merge: true }));
}

/** One service of environments/<env>/docker-compose.yml; throws naming it when it is missing. */
export function serviceOf(env: Environment, name: string): ComposeService {
  const found = loadCompose(env).services[name];
  if (!found) throw new Error(`no service ${name} in environments/${env}/docker-compose.yml`);
  return found;
}

/** The variables polychat reads in a service, interpolated as compose does with `composeSecrets` set. */
export function resolvedVariables(env: Environment, service: ComposeService): Record<string, string> {
  const vars = { ...readEnvFile(env, '.env'), ...composeSecrets };
  return Object.fromEntries(
    Object.entries(variablesOf(env, service)).map(([name, value]) => [name, interpolate(value, vars)]),
  );
}

/** A file beside the compose file, read as an env file (what compose's env_file does). */
export function readEnvFile(env: Environment, file: string): Record<string, string> {
  const values = parseEnv(readFileSync(path.join(environmentDir(env), file), 'utf8'));
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** A list-or-string field as a list. */
export function asList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** The `environment` of a service as name -> raw (not yet interpolated) value. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const { environment } = service;
  if (environment === undefined) return {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => [entry.split('=')[0] ?? '', entry.split('=').slice(1).join('=')]),
    );
  }
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [name, value === null ? '' : String(value)]),
  );
}

/** What a service sets for the process: its env_file(s), then its environment on top (compose's order). */
export function variablesOf(env: Environment, service: ComposeService): Record<string, string> {
  const fromFiles = asList(service.env_file).map((file) => readEnvFile(env, file));
  return Object.assign({}, ...fromFiles, environmentOf(service)) as Record<string, string>;
}

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}` and `${NAME?error}` in a value. */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/** The variables a value takes from the environment, and which of them must be set (`:?`). */
export function referencesOf(value: string): { name: string; required: boolean }[] {
  return [...value.replaceAll('$$', '').matchAll(REFERENCE)].map((match) => ({
    name: match[1] ?? '',
    required: (match[2] ?? '').endsWith('?'),
  }));
}

/** Compose's interpolation of a value from `vars` ($$ is a literal $). */
export function interpolate(value: string, vars: Readonly<Record<string, string>>): string {
  return value
    .split('$$')
    .map((part) =>
      part.replace(REFERENCE, (_whole, name: string, operator: string | undefined, operand: string | undefined) => {
        const current = vars[name];
        if (operator?.endsWith('-'))
          return current === undefined || (operator === ':-' && current === '') ? (operand ?? '') : current;
        if (current === undefined) throw new Error(`\${${name}} is not set: ${operand ?? ''}`);
        return current;
      }),
    )
    .join('$');
}

/** Seconds of a compose duration such as `30s`, `1m30s`. */
export function durationSeconds(duration: string): number {
  let total = 0;
  for (const [, amount = '0', unit = 's'] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}
