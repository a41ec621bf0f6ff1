import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createDownloadProgress } from './download-progress';
import { NotebookError } from './errors';
import type { RunFlags } from './run-flags';
import { downloadSweepDataset } from './sweep-download';
import type { SweepReply, SweepTask, SweepWorkerData } from './sweep-protocol';

/** One run of a sweep: its seed and what it measured. */
export interface SweepRow {
  seed: number;
  testLoss: number;
  testAccuracy: number;
  trainMs: number;
}

/** Mean and sample standard deviation (n - 1); `std` is null for a single run. */
export interface MeanStd {
  mean: number;
  std: number | null;
}

/** What `sweep` measured: its `--json` output. */
export interface SweepResult {
  settings: RunFlags;
  /** One per seed, in the order `--seeds` lists them. */
  rows: SweepRow[];
  summary: { testLoss: MeanStd; testAccuracy: MeanStd; trainMs: MeanStd };
  /**
   * Worker threads started: `--workers`, or by default one per core as free memory allows
   * (`chooseSweepWorkers`); never more than the seeds.
   */
  workers: number;
  /** Wall time of the whole sweep, workers' start-up included (a download before it is not). */
  wallMs: number;
  /** Runs finished per minute of wall time. */
  runsPerMinute: number;
}

/** A run of the sweep failed (or a worker died); the message names the seed. */
export class SweepRunError extends NotebookError {
  constructor(
    readonly seed: number,
    message: string,
  ) {
    super(`sweep: seed ${seed}: ${message}`);
  }
}

/**
 * The worker script: `sweep-worker.js` next to this module in the build (`dist/`); from the
 * sources (tests importing `src/`), the built one in `../dist/`.
 */
export function sweepWorkerUrl(): URL {
  const candidates = [
    new URL('./sweep-worker.js', import.meta.url),
    new URL('../dist/sweep-worker.js', import.meta.url),
  ];
  const found = candidates.find((url) => existsSync(url));
  if (found === undefined) {
    throw new NotebookError(
      `sweep: the worker script sweep-worker.js is missing (looked for ${candidates
        .map((url) => url.pathname)
        .join(' and ')}); build the app first.`,
    );
  }
  return found;
}

/** Mean and sample standard deviation. */
export function meanStd(values: readonly number[]): MeanStd {
  const n = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n < 2) return { mean, std: null };
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(squares / (n - 1)) };
}

export interface SweepOptions {
  seeds: readonly number[];
  /** Worker threads to start (at most one per seed). */
  workers: number;
  /** Called as each run finishes, with how many have finished. */
  onRow?: (row: SweepRow, done: number, total: number) => void;
}

/**
 * Trains one independent notebook run per seed on a pool of worker threads: each worker starts
 * the WASM backend once and runs seeds one after another, the next seed going to the first free
 * worker. The first failure stops the sweep (all workers are terminated) and rejects with a
 * {@link SweepRunError} naming the seed. SIGINT (Ctrl-C) terminates the workers and exits 130.
 *
 * A data set to download (`--dataset` other than MNIST, no `--data-dir`) is downloaded first, once,
 * with its progress line on stderr ({@link downloadSweepDataset}); the workers then read the cache.
 *
 * @throws The download's errors before any worker starts (a DownloadError naming the URL; see
 *   {@link downloadSweepDataset}); a {@link SweepRunError} naming the seed of a failed run.
 */
export async function runSweep(flags: RunFlags, options: SweepOptions): Promise<SweepResult> {
  const { seeds, onRow } = options;
  const workerUrl = sweepWorkerUrl();
  // Workers that each downloaded would fetch the same files at once, and report a failed
  // download once per worker, as a failed run of a seed.
  await downloadSweepDataset(flags, createDownloadProgress(process.stderr));
  const count = Math.max(1, Math.min(options.workers, seeds.length));
  const start = performance.now();
  const rows = new Map<number, SweepRow>();
  const workers: Worker[] = [];
  const terminateAll = () => Promise.all(workers.map((worker) => worker.terminate()));
  const onSigint = () => {
    process.stderr.write('\nmnist-notebook sweep: interrupted, stopping the workers\n');
    void terminateAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSigint);

  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        void terminateAll().finally(() => reject(error));
      };
      const feed = (worker: Worker, busy: { seed?: number }) => {
        if (next < seeds.length) {
          busy.seed = seeds[next++]!;
          worker.postMessage({ seed: busy.seed } satisfies SweepTask);
        } else {
          busy.seed = undefined;
          void worker.terminate();
        }
      };
      const workerData: SweepWorkerData = { flags };
      for (let i = 0; i < count; i++) {
        const worker = new Worker(workerUrl, { workerData });
        workers.push(worker);
        const busy: { seed?: number } = {};
        worker.on('message', (reply: SweepReply) => {
          if (failed) return;
          if (reply.kind === 'failed') {
            fail(new SweepRunError(reply.seed, reply.message));
            return;
          }
          const { kind: _, ...row } = reply;
          rows.set(row.seed, row);
          onRow?.(row, rows.size, seeds.length);
          if (rows.size === seeds.length) resolve();
          feed(worker, busy);
        });
        worker.on('error', (error) => {
          const seed = busy.seed ?? seeds[next - 1] ?? seeds[0]!;
          fail(new SweepRunError(seed, `the worker failed: ${error.message}`));
        });
        worker.on('exit', (code) => {
          if (busy.seed !== undefined && !failed) {
            fail(new SweepRunError(busy.seed, `the worker exited with code ${code}`));
          }
        });
        feed(worker, busy);
      }
    });
  } finally {
    process.off('SIGINT', onSigint);
    await terminateAll();
  }

  const wallMs = performance.now() - start;
  const ordered = seeds.map((seed) => rows.get(seed)!);
  return {
    settings: flags,
    rows: ordered,
    summary: {
      testLoss: meanStd(ordered.map((row) => row.testLoss)),
      testAccuracy: meanStd(ordered.map((row) => row.testAccuracy)),
      trainMs: meanStd(ordered.map((row) => row.trainMs)),
    },
    workers: count,
    wallMs,
    runsPerMinute: seeds.length / (wallMs / 60_000),
  };
}

const plusMinus = ({ mean, std }: MeanStd, digits: number, scale = 1) =>
  `${(mean / scale).toFixed(digits)} ± ${std === null ? 'n/a' : (std / scale).toFixed(digits)}`;

/** The progress line printed on stderr as a run finishes. */
export function formatSweepProgress(row: SweepRow, done: number, total: number): string {
  return `seed ${row.seed}: accuracy ${row.testAccuracy.toFixed(4)} (${(row.trainMs / 1000).toFixed(1)} s) [${done}/${total}]`;
}

/** The sweep as a table, one row per seed, then mean ± std, workers, wall time and throughput. */
export function formatSweep(result: SweepResult): string {
  const header = ['seed', 'test loss', 'test accuracy', 'training time'];
  const cells = result.rows.map((row) => [
    String(row.seed),
    row.testLoss.toFixed(4),
    row.testAccuracy.toFixed(4),
    `${(row.trainMs / 1000).toFixed(1)} s`,
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((c) => c[i]!.length)),
  );
  const line = (values: string[]) => values.map((v, i) => v.padStart(widths[i]!)).join('  ');
  const { summary } = result;
  const runs = result.rows.length;
  return [
    line(header),
    ...cells.map(line),
    '',
    `test loss      ${plusMinus(summary.testLoss, 4)}  (mean ± sample std over ${runs} seed${runs === 1 ? '' : 's'})`,
    `test accuracy  ${plusMinus(summary.testAccuracy, 4)}`,
    `training time  ${plusMinus(summary.trainMs, 1, 1000)} s`,
    `${runs} run${runs === 1 ? '' : 's'} on ${result.workers} worker${result.workers === 1 ? '' : 's'} in ${(result.wallMs / 1000).toFixed(1)} s wall time: ${result.runsPerMinute.toFixed(2)} runs/min`,
  ].join('\n');
}
