import { InvalidArgumentError } from 'commander';
import { FLAG_RANGES } from './flag-ranges';
import { describeRange, parseWholeNumber } from './whole-number';

const ITEM = /^([0-9]+)(?:-([0-9]+))?$/;

/**
 * Parses a list of seeds such as `1-8`, `1,2,5` or `1-3,7`: comma-separated whole numbers and
 * inclusive ranges, each seed in the `--seed` range, at most `FLAG_RANGES.seeds.max` of them, none
 * twice. The seeds keep the order given.
 *
 * @throws InvalidArgumentError (commander's) naming the flag and what is wrong.
 */
export function parseSeedList(flag: string, value: string): number[] {
  const { min, max } = FLAG_RANGES.seed;
  const limit = FLAG_RANGES.seeds.max;
  const ranges: [number, number][] = [];
  let count = 0;
  for (const item of value.split(',')) {
    const match = ITEM.exec(item);
    if (match === null) {
      throw new InvalidArgumentError(
        `${flag} takes seeds as 1-8, 1,2,5 or 1-3,7 (each ${describeRange(min, max)}), got '${value}'.`,
      );
    }
    const first = parseWholeNumber(flag, match[1]!, min, max);
    const last = match[2] === undefined ? first : parseWholeNumber(flag, match[2], min, max);
    if (last < first) {
      throw new InvalidArgumentError(
        `${flag}: the range '${item}' runs backwards (write ${last}-${first}).`,
      );
    }
    count += last - first + 1;
    if (count > limit) {
      throw new InvalidArgumentError(
        `${flag} takes at most ${limit.toLocaleString('en-US')} seeds, got more in '${value}'.`,
      );
    }
    ranges.push([first, last]);
  }
  const seeds: number[] = [];
  const seen = new Set<number>();
  for (const [first, last] of ranges) {
    for (let seed = first; seed <= last; seed++) {
      if (seen.has(seed)) {
        throw new InvalidArgumentError(`${flag} lists seed ${seed} more than once, in '${value}'.`);
      }
      seen.add(seed);
      seeds.push(seed);
    }
  }
  return seeds;
}

/** A commander `argParser` for {@link parseSeedList}. */
export function seedList(flag: string): (value: string) => number[] {
  return (value) => parseSeedList(flag, value);
}
