import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseSeedList } from '../src/seed-list';
import { formatSweep, formatSweepProgress, meanStd, type SweepResult } from '../src/sweep';
import { notebook } from './run-cli';

const SMALL_RUN = ['--train-limit', '1000', '--test-limit', '200', '--epochs', '1'];

describe('parseSeedList', () => {
  it('takes ranges, lists and both, keeping the order given', () => {
    expect(parseSeedList('--seeds', '1-8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseSeedList('--seeds', '1,2,5')).toEqual([1, 2, 5]);
    expect(parseSeedList('--seeds', '1-3,7')).toEqual([1, 2, 3, 7]);
    expect(parseSeedList('--seeds', '9,0-1')).toEqual([9, 0, 1]);
    expect(parseSeedList('--seeds', '4294967295')).toEqual([2 ** 32 - 1]);
    expect(parseSeedList('--seeds', '1-1000')).toHaveLength(1000);
  });

  it.each([
    ['', 'takes seeds as 1-8, 1,2,5 or 1-3,7'],
    ['a', 'takes seeds as 1-8, 1,2,5 or 1-3,7'],
    ['1-', 'takes seeds as 1-8, 1,2,5 or 1-3,7'],
    ['1,,2', 'takes seeds as 1-8, 1,2,5 or 1-3,7'],
    ['1e3', 'takes seeds as 1-8, 1,2,5 or 1-3,7'],
    ['-1', 'takes seeds as 1-8, 1,2,5 or 1-3,7'],
    ['4294967296', "takes a whole number from 0 to 4,294,967,295, got '4294967296'"],
    ['8-1', "the range '8-1' runs backwards"],
    ['1-1001', 'takes at most 1,000 seeds'],
    ['0-4294967295', 'takes at most 1,000 seeds'],
    ['1-3,2', 'lists seed 2 more than once'],
    ['5,5', 'lists seed 5 more than once'],
  ])('refuses %j, naming the flag', (value, message) => {
    expect(() => parseSeedList('--seeds', value)).toThrow(InvalidArgumentError);
    expect(() => parseSeedList('--seeds', value)).toThrow(`--seeds`);
    expect(() => parseSeedList('--seeds', value)).toThrow(message);
  });
});

describe('sweep summary', () => {
  it('gives the mean and the sample standard deviation', () => {
    const { mean, std } = meanStd([1, 2, 3, 4]);
    expect(mean).toBe(2.5);
    expect(std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(meanStd([7])).toEqual({ mean: 7, std: null });
  });

  it('prints a row per seed, mean ± std, workers, wall time and throughput', () => {
    const rows = [
      { seed: 1, testLoss: 0.1, testAccuracy: 0.97, trainMs: 16_000 },
      { seed: 2, testLoss: 0.2, testAccuracy: 0.98, trainMs: 18_000 },
    ];
    const result: SweepResult = {
      settings: { model: 'mlp', epochs: 5, batchSize: 32, verify: true, augment: false },
      rows,
      summary: {
        testLoss: meanStd([0.1, 0.2]),
        testAccuracy: meanStd([0.97, 0.98]),
        trainMs: meanStd([16_000, 18_000]),
      },
      workers: 2,
      wallMs: 30_000,
      runsPerMinute: 4,
    };
    const text = formatSweep(result);
    expect(text).toContain('seed  test loss  test accuracy  training time');
    expect(text).toContain('   1     0.1000         0.9700         16.0 s');
    expect(text).toContain('test accuracy  0.9750 ± 0.0071');
    expect(text).toContain('training time  17.0 ± 1.4 s');
    expect(text).toContain('2 runs on 2 workers in 30.0 s wall time: 4.00 runs/min');
    expect(formatSweepProgress(rows[0]!, 1, 2)).toBe('seed 1: accuracy 0.9700 (16.0 s) [1/2]');
  });
});

describe('mnist-notebook sweep', () => {
  it('gives each seed the test loss and accuracy of `mnist-notebook --seed N`, on 1 and 2 workers', async () => {
    const single = await Promise.all(
      [3, 4].map(async (seed) => {
        const { code, stdout, stderr } = await notebook(
          ...SMALL_RUN,
          '--seed',
          `${seed}`,
          '--json',
        );
        expect(code, stderr).toBe(0);
        return JSON.parse(stdout).test as { loss: number; accuracy: number };
      }),
    );
    for (const workers of ['1', '2']) {
      const { code, stdout, stderr } = await notebook(
        'sweep',
        '--seeds',
        '3,4',
        '--workers',
        workers,
        ...SMALL_RUN,
        '--json',
      );
      expect(code, stderr).toBe(0);
      const result = JSON.parse(stdout) as SweepResult;
      expect(result.workers).toBe(Number(workers));
      expect(result.rows.map((row) => row.seed)).toEqual([3, 4]);
      result.rows.forEach((row, i) => {
        expect(row.testLoss).toBe(single[i]!.loss);
        expect(row.testAccuracy).toBe(single[i]!.accuracy);
        expect(row.trainMs).toBeGreaterThan(0);
      });
      expect(result.summary.testAccuracy.mean).toBeCloseTo(
        (single[0]!.accuracy + single[1]!.accuracy) / 2,
        12,
      );
      expect(result.wallMs).toBeGreaterThan(0);
      expect(result.runsPerMinute).toBeGreaterThan(0);
      // Progress on stderr as runs finish; no cell output anywhere.
      expect(stderr).toMatch(/^seed [34]: accuracy \d\.\d{4} \(\d+\.\d s\) \[1\/2\]$/m);
      expect(stderr).toMatch(/\[2\/2\]$/m);
      expect(stderr + stdout).not.toContain('model.fit');
    }
  }, 180_000);

  it('prints the table without --json', async () => {
    const { code, stdout, stderr } = await notebook('sweep', '--seeds', '1', ...SMALL_RUN);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^seed {2}test loss {2}test accuracy {2}training time$/m);
    expect(stdout).toMatch(/^ {3}1 {5}\d\.\d{4} {9}\d\.\d{4}/m);
    expect(stdout).toMatch(/test accuracy {2}\d\.\d{4} ± n\/a/);
    expect(stdout).toMatch(/1 run on 1 worker in \d+\.\d s wall time: \d+\.\d\d runs\/min/);
  }, 120_000);

  it('fails with a message naming the seed when a run fails', async () => {
    const { code, stdout, stderr } = await notebook(
      'sweep',
      '--seeds',
      '5',
      '--data-dir',
      '/nonexistent/mnist',
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('mnist-notebook: sweep: seed 5: ');
    expect(stderr).toContain('/nonexistent/mnist');
  }, 60_000);

  it.each([
    [['--seeds', '1-0'], "--seeds: the range '1-0' runs backwards"],
    [['--seeds', '1,x'], '--seeds takes seeds as 1-8, 1,2,5 or 1-3,7'],
    [['--seeds', '2,2'], '--seeds lists seed 2 more than once'],
    [['--seeds', '1-5000'], '--seeds takes at most 1,000 seeds'],
    [['--seeds', '1', '--workers', '0'], "--workers takes a whole number from 1 to 64, got '0'."],
    [['--seeds', '1', '--workers', '65'], "--workers takes a whole number from 1 to 64, got '65'."],
    [['--seeds', '1', '--workers', '2x'], "--workers takes a whole number from 1 to 64, got '2x'."],
    [['--seeds', '1', '--epochs', '0'], "--epochs takes a whole number from 1 to 10,000, got '0'."],
    [['--workers', '2'], "required option '--seeds <list>' not specified"],
  ])('refuses %j before anything runs', async (args, message) => {
    const { code, stdout, stderr } = await notebook('sweep', ...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });
});
