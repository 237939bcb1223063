import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../stack/paths';

/** One Dockerfile instruction with its continuation lines joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

/** A build stage: its FROM and the instructions after it. */
export interface Stage {
  readonly base: string;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

/**
 * The few facts the deploy tests read from a Dockerfile: stages and their instructions. hadolint
 * (scripts/deploy/dockerfile.test.ts) is the full parser and linter; this only splits lines.
 */
export function parseDockerfile(text: string): { readonly stages: readonly Stage[] } {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === undefined && (line === '' || line.startsWith('#'))) return;
    if (pending !== undefined && line.startsWith('#')) return;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1).trim() : line;
    pending = pending === undefined ? { text: body, line: index + 1 } : { ...pending, text: `${pending.text} ${body}` };
    if (continued) return;
    const [keyword = '', ...rest] = pending.text.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: pending.line });
    pending = undefined;
  });
  const stages: { base: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [base = '', as, name] = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { stages };
}

/** The JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK CMD; undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.trim().startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed)) return undefined;
  const words = parsed.filter((item): item is string => typeof item === 'string');
  return words.length === parsed.length ? words : undefined;
}

/** `KEY=value KEY2="a b"` of an ENV instruction, unquoted. */
export function envAssignments(args: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const [, key = '', value = ''] = match;
    result.set(key, value.startsWith('"') ? (JSON.parse(value) as string) : value);
  }
  return result;
}

/** The repository's Dockerfile, parsed. */
export function loadDockerfile(): { readonly text: string; readonly stages: readonly Stage[] } {
  const text = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  return { text, ...parseDockerfile(text) };
}

/** The instructions of one keyword in a stage. */
export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}
