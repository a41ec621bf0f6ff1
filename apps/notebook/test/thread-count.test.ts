import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors';
import { checkThreadsFlag, describeThreadRefusal } from '../src/thread-count';

describe('--threads', () => {
  it('refuses more threads than cores with a UsageError naming --threads and the range', () => {
    expect(() => checkThreadsFlag(2, 2)).not.toThrow();
    expect(() => checkThreadsFlag(3, 2)).toThrow(UsageError);
    expect(() => checkThreadsFlag(3, 2)).toThrow(
      /--threads 3 .* give --threads from 1 to 2, or leave it out for 1/,
    );
  });

  it('says why a run kept one thread', () => {
    expect(describeThreadRefusal(1, 'augmentation draws its distortions batch by batch')).toBe(
      'Trained on 1 thread: augmentation draws its distortions batch by batch.',
    );
  });
});
