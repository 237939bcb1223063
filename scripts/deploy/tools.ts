import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stackPaths } from '../stack/paths';

/** The validators scripts/deploy/ensure-tools.sh installs (docs/decisions/0016). */
export type DeployTool = 'hadolint' | 'kubernetes-validate' | 'kustomize' | 'compose-config';

/** Where ensure-tools.sh puts a tool: <cache>/deploy-tools/{venv/bin,bin}/<tool>. */
export function toolPath(tool: DeployTool, env: NodeJS.ProcessEnv = process.env): string {
  const root = path.join(stackPaths(env).cache, 'deploy-tools');
  return tool === 'hadolint' || tool === 'kubernetes-validate'
    ? path.join(root, 'venv', 'bin', tool)
    : path.join(root, 'bin', tool);
}

/** What a tool run printed and how it ended. */
export interface ToolRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs an installed validator. A missing tool is an error that says how to install it, never a
 * skip: `npm test` installs them through scripts/dev/ensure-deps.sh.
 */
export function runTool(
  tool: DeployTool,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): ToolRun {
  const binary = toolPath(tool);
  if (!existsSync(binary)) {
    throw new Error(`${tool} is not installed at ${binary}: run scripts/deploy/ensure-tools.sh (npm test does)`);
  }
  const result = spawnSync(binary, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
