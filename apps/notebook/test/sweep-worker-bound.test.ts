import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors';
import {
  chooseSweepWorkers,
  SWEEP_WORKER_BASE_BYTES,
  sweepMachine,
} from '../src/sweep-worker-bound';

const MB = 2 ** 20;
const WORKER = 100 * MB;

describe('chooseSweepWorkers', () => {
  it('by default takes one worker per core, as many as free memory holds, and no more than the seeds', () => {
    const machine = { cores: 64, availableBytes: 1000 * MB };
    expect(chooseSweepWorkers(undefined, 64, WORKER, machine)).toBe(10);
    expect(chooseSweepWorkers(undefined, 3, WORKER, machine)).toBe(3);
    expect(chooseSweepWorkers(undefined, 64, WORKER, { cores: 4, availableBytes: 8000 * MB })).toBe(
      4,
    );
    // One worker even when memory holds none: it costs what a single run does.
    expect(chooseSweepWorkers(undefined, 8, WORKER, { cores: 4, availableBytes: 10 * MB })).toBe(1);
  });

  it('takes an explicit --workers within the bounds, never more than the seeds', () => {
    const machine = { cores: 8, availableBytes: 1000 * MB };
    expect(chooseSweepWorkers(8, 64, WORKER, machine)).toBe(8);
    expect(chooseSweepWorkers(8, 2, WORKER, machine)).toBe(2);
  });

  it('refuses --workers above the cores, naming the flag, the bound and why', () => {
    const refuse = () =>
      chooseSweepWorkers(64, 2, WORKER, { cores: 2, availableBytes: 100_000 * MB });
    expect(refuse).toThrow(UsageError);
    expect(refuse).toThrow(
      '--workers 64 is more than the 2 cores of this machine: a worker trains on a core of its own',
    );
    expect(refuse).toThrow('each takes about 100 MB; give --workers 2 or less');
  });

  it('refuses --workers above what free memory holds, naming the flag, the bound and why', () => {
    const refuse = () =>
      chooseSweepWorkers(16, 64, WORKER, { cores: 64, availableBytes: 550 * MB });
    expect(refuse).toThrow(UsageError);
    expect(refuse).toThrow(
      '--workers 16 needs about 1,600 MB, and 550 MB is free: each worker takes about 100 MB',
    );
    expect(refuse).toThrow('give --workers 5 or less, a smaller --batch-size, or free memory.');
  });

  it("reads this machine's cores and free memory", () => {
    const { cores, availableBytes } = sweepMachine();
    expect(cores).toBeGreaterThanOrEqual(1);
    expect(availableBytes).toBeGreaterThan(SWEEP_WORKER_BASE_BYTES);
  });
});
