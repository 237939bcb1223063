import { InvalidArgumentError } from 'commander';

/** commander parser for a positive whole number option. */
export function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a positive whole number');
  return parsed;
}

/** commander parser for a whole number >= 0 option. */
export function nonNegativeInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('a whole number >= 0');
  return parsed;
}

/** commander parser that accepts one of `choices`. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${choices.join(', ')}`);
    return value as T;
  };
}
