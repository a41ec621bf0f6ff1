import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors';
import {
  checkThreadsFlag,
  DEFAULT_MAX_THREADS,
  defaultThreads,
  describeThreadRefusal,
} from '../src/thread-count';

describe('--threads', () => {
  it('defaults to the cores, at most 4', () => {
    expect(defaultThreads(2)).toBe(2);
    expect(defaultThreads(16)).toBe(DEFAULT_MAX_THREADS);
    expect(defaultThreads(1)).toBe(1);
  });

  it('refuses more threads than cores with a UsageError naming --threads and the range', () => {
    expect(() => checkThreadsFlag(2, 2)).not.toThrow();
    expect(() => checkThreadsFlag(3, 2)).toThrow(UsageError);
    expect(() => checkThreadsFlag(3, 2)).toThrow(/--threads 3 .* give --threads from 1 to 2/);
  });

  it('says why a run kept one thread', () => {
    expect(describeThreadRefusal(1, 'augmentation draws its distortions batch by batch')).toBe(
      'Trained on 1 thread: augmentation draws its distortions batch by batch.',
    );
  });
});
