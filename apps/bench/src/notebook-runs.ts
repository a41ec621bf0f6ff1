import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a full notebook run reports, from its JSON. */
export interface NotebookRunResult {
  trainMs: number;
  test: { loss: number; accuracy: number };
  /** Peak resident set size of the whole process, in MB. */
  peakRssMb: number;
}

/** The notebook app's CLI (our trainer) and this package's stock-fit notebook, built. */
const SCRIPTS = {
  ours: join(
    dirname(createRequire(import.meta.url).resolve('@mnist-wasm/notebook/package.json')),
    'dist/cli.js',
  ),
  stock: fileURLToPath(new URL('./stock-notebook.js', import.meta.url)),
} as const;

/**
 * The Node flags `pnpm start` runs the app with (apps/notebook/package.json): 2 MB semi-spaces
 * for V8's young generation, which lower the peak RSS (the root README's memory paragraph has
 * what they save). Both runs get them, so that their peak RSS compare like for like.
 */
const NODE_FLAGS = ['--max-semi-space-size=2'];

/**
 * Runs the whole notebook (5 epochs, the full data, evaluation) in a child process and returns
 * its timing, test metrics and peak RSS. `ours` is `apps/notebook` (`--json`); `stock` runs
 * tfjs-layers `model.fit` on stock wasm kernels.
 *
 * @throws Error naming the script and its stderr when the child fails or prints no JSON.
 */
export function runNotebook(which: 'ours' | 'stock', seed: number): Promise<NotebookRunResult> {
  const script = SCRIPTS[which];
  const args = [
    ...NODE_FLAGS,
    // One thread: the notebook as it ran before --threads; the scaling rows measure more.
    ...(which === 'ours'
      ? [script, '--json', '--seed', String(seed), '--threads', '1']
      : [script, `--seed=${seed}`]),
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${script} failed: ${error.message}\n${stderr.slice(-2000)}`));
        return;
      }
      try {
        const parsed = JSON.parse(stdout) as NotebookRunResult;
        resolve({ trainMs: parsed.trainMs, test: parsed.test, peakRssMb: parsed.peakRssMb });
      } catch {
        reject(
          new Error(`${script} printed no JSON result; stdout ends with: ${stdout.slice(-500)}`),
        );
      }
    });
  });
}

/** What `mnist-notebook sweep --json` reports of its throughput. */
export interface SweepRunResult {
  workers: number;
  wallMs: number;
  runsPerMinute: number;
}

/**
 * Runs `mnist-notebook sweep --seeds <seeds> --workers <workers>` (the whole notebook per seed)
 * in a child process and returns its throughput.
 *
 * @throws Error naming the command and its stderr when it fails or prints no JSON.
 */
export function runSweep(seeds: string, workers: number): Promise<SweepRunResult> {
  const args = [
    SCRIPTS.ours,
    ...['sweep', '--seeds', seeds, '--workers', String(workers), '--json'],
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${args.join(' ')} failed: ${error.message}\n${stderr.slice(-2000)}`));
        return;
      }
      try {
        const { wallMs, runsPerMinute } = JSON.parse(stdout) as SweepRunResult;
        resolve({ workers, wallMs, runsPerMinute });
      } catch {
        reject(
          new Error(`${args.join(' ')} printed no JSON; stdout ends with: ${stdout.slice(-500)}`),
        );
      }
    });
  });
}

/** What a one-epoch notebook run on some threads reports (`--json`). */
export interface ThreadsRunResult extends NotebookRunResult {
  threads: number;
}

/**
 * One epoch of the notebook's `--model kind` on `threads` threads (`mnist-notebook --epochs 1
 * --threads N --json`), in a child process of its own, for its peak RSS and test accuracy.
 * @throws Error naming the command and its stderr when the child fails or prints no JSON.
 */
export function runThreadsEpoch(
  kind: string,
  threads: number,
  seed: number,
): Promise<ThreadsRunResult> {
  const args = [
    ...NODE_FLAGS,
    SCRIPTS.ours,
    ...['--model', kind, '--epochs', '1', '--threads', String(threads), '--seed', String(seed)],
    '--json',
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${args.join(' ')} failed: ${error.message}\n${stderr.slice(-2000)}`));
        return;
      }
      try {
        const parsed = JSON.parse(stdout) as ThreadsRunResult;
        resolve({
          trainMs: parsed.trainMs,
          test: parsed.test,
          peakRssMb: parsed.peakRssMb,
          threads: parsed.threads,
        });
      } catch {
        reject(
          new Error(`${args.join(' ')} printed no JSON; stdout ends with: ${stdout.slice(-500)}`),
        );
      }
    });
  });
}
