import path from 'node:path';
import { z } from 'zod';
import { environmentDir, type Environment } from './compose';
import { runTool } from './tools';

const resolvedSchema = z.looseObject({
  services: z.record(
    z.string(),
    z.looseObject({
      environment: z
        .record(z.string(), z.string().nullable())
        .optional()
        .transform((environment) =>
          Object.fromEntries(Object.entries(environment ?? {}).map(([name, value]) => [name, value ?? ''])),
        ),
    }),
  ),
});

/** The project as compose resolves it: env_file merged into environment, everything interpolated. */
export type ResolvedCompose = z.infer<typeof resolvedSchema>;

/**
 * Loads environments/<env>/docker-compose.yml with compose-go (the loader of `docker compose`),
 * with only `variables` in the environment (plus PATH/HOME), as `docker compose config` would.
 */
export function resolvedCompose(
  env: Environment,
  variables: Readonly<Record<string, string>>,
): { status: number; error: string; project: ResolvedCompose | undefined } {
  const run = runTool('compose-config', [path.join(environmentDir(env), 'docker-compose.yml')], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...variables },
  });
  const project = run.status === 0 ? resolvedSchema.parse(JSON.parse(run.stdout)) : undefined;
  return { status: run.status, error: run.stderr, project };
}
