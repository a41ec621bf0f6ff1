import { loadavg } from 'node:os';
import { type Examples, sliceExamples, withSharedImages } from '@mnist-wasm/dataset';
import { train } from '@mnist-wasm/trainer';
import { spawnNodeTrainingThread } from '@mnist-wasm/trainer/node';
import type * as tf from '@tensorflow/tfjs-core';
import { MODELS, type ModelKind } from './contenders';
import { runThreadsEpoch, type ThreadsRunResult } from './notebook-runs';
import { median, secondsPerEpoch } from './stats';

/** One model on one thread count: `train()`'s speed, and a one-epoch notebook run's memory. */
export interface ScalingRow {
  model: ModelKind;
  threads: number;
  /** Median over the windows (after one warm-up) of ms per step, callbacks included. */
  msPerStep: number;
  /**
   * Median over the windows of the process's CPU time per step, every thread's (spinning at the
   * barriers and V8's own threads included): what N threads cost beyond 1, whatever the load.
   */
  cpuMsPerStep: number;
  /** The machine's 1-minute load average when the windows ended: threads in lockstep suffer on a busy machine. */
  loadAverage: number;
  stepsPerSecond: number;
  /** For a 60,000-example epoch at `msPerStep`. */
  secondsPerEpoch: number;
  /** Steps per second over the 1-thread row's. */
  speedup: number;
  /** `mnist-notebook --epochs 1 --threads N` in a child process; null with --quick. */
  notebook: ThreadsRunResult | null;
}

/**
 * `train()` of model `kind` on each thread count of `threadCounts`, window by window in turn
 * (1 thread, 2 threads, 1 thread, ...), so a busy spell of the machine hits every count alike:
 * each window is one `train()` call of two epochs of `steps` batches of the same examples, timed
 * from the second epoch's start to its last step. A run pays its threads' start and their first
 * steps (V8 compiling their WebAssembly anew) once; the first epoch keeps that out of a window that
 * stands for an epoch of a longer run. Then, unless `quick`, one epoch of the notebook per count in
 * a child process, for the peak RSS each thread adds.
 */
export async function measureScaling(
  kind: ModelKind,
  threadCounts: readonly number[],
  data: Examples,
  plan: { steps: number; windows: number; batchSize: number; seed: number; quick: boolean },
  log: (text: string) => void,
): Promise<ScalingRow[]> {
  const { steps, windows, batchSize, seed } = plan;
  // In shared memory once, as `mnist-notebook --threads N` loads them: train() copies them there
  // at each call otherwise.
  const split = withSharedImages(sliceExamples(data, 0, Math.min(data.count, steps * batchSize)));
  const models = threadCounts.map(() => MODELS[kind](seed));
  const times = threadCounts.map(() => [] as number[]);
  const cpuTimes = threadCounts.map(() => [] as number[]);
  try {
    for (let w = 0; w <= windows; w++) {
      for (const [i, threads] of threadCounts.entries()) {
        let started = 0;
        let ended = 0;
        let cpuStart = process.cpuUsage();
        let cpu = { user: 0, system: 0 };
        let optimizer: tf.Optimizer | undefined;
        try {
          ({ optimizer } = await train(models[i]!, split, {
            epochs: 2,
            batchSize,
            seed: seed + w,
            threads,
            spawnThread: spawnNodeTrainingThread,
            callbacks: {
              onEpochBegin: () => {
                // The second epoch's start replaces the first's: only it is timed.
                started = performance.now();
                cpuStart = process.cpuUsage();
              },
              onBatchEnd: () => {
                ended = performance.now();
                cpu = process.cpuUsage(cpuStart);
              },
            },
          }));
        } finally {
          optimizer?.dispose();
        }
        const stepCount = Math.ceil(split.count / batchSize);
        const ms = (ended - started) / stepCount;
        const cpuMs = (cpu.user + cpu.system) / 1000 / stepCount;
        log(
          `  ${kind} ${threads} thread(s) window ${w === 0 ? 'warm-up' : w}: ${ms.toFixed(2)} ms/step`,
        );
        if (w > 0) {
          times[i]!.push(ms);
          cpuTimes[i]!.push(cpuMs);
        }
      }
    }
  } finally {
    for (const model of models) model.dispose();
  }
  const msPerStep = times.map((values) => median(values));
  const loadAverage = loadavg()[0]!;
  const rows: ScalingRow[] = [];
  for (const [i, threads] of threadCounts.entries()) {
    const notebook = plan.quick ? null : await runThreadsEpoch(kind, threads, seed);
    rows.push({
      model: kind,
      threads,
      msPerStep: msPerStep[i]!,
      cpuMsPerStep: median(cpuTimes[i]!),
      loadAverage,
      stepsPerSecond: 1000 / msPerStep[i]!,
      secondsPerEpoch: secondsPerEpoch(msPerStep[i]!, 60_000, batchSize),
      speedup: msPerStep[0]! / msPerStep[i]!,
      notebook,
    });
  }
  return rows;
}

/** The scaling table: per model and thread count, steps/s, the speed-up, s/epoch and memory. */
export function formatScaling(
  rows: readonly ScalingRow[],
  pytorch: ReadonlyMap<ModelKind, { name: string; secondsPerEpoch: number }>,
): string[] {
  const widths = [6, 8, 8, 8, 8, 8, 10, 10, 9];
  const cell = (values: string[]) =>
    values.map((v, i) => (i < 1 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  const lines = [
    "scaling: train() on N threads (each batch of 32 split between them), steps/s median of the windows; 'cpu ms' = the process's CPU time per step, all its threads; 'notebook' = mnist-notebook --epochs 1 --threads N in its own process",
    cell([
      'model',
      'threads',
      'ms/step',
      'cpu ms',
      'steps/s',
      'x 1 thr',
      's/epoch',
      'peak MB',
      'test acc',
    ]),
  ];
  for (const row of rows) {
    lines.push(
      cell([
        row.model,
        String(row.threads),
        row.msPerStep.toFixed(2),
        row.cpuMsPerStep.toFixed(2),
        row.stepsPerSecond.toFixed(0),
        `${row.speedup.toFixed(2)}x`,
        row.secondsPerEpoch.toFixed(2),
        row.notebook ? row.notebook.peakRssMb.toFixed(0) : '-',
        row.notebook ? row.notebook.test.accuracy.toFixed(4) : '-',
      ]),
    );
  }
  const loads = [...new Set(rows.map((row) => `${row.model} ${row.loadAverage.toFixed(2)}`))];
  if (loads.length > 0) lines.push(`load average (1 min) after the windows: ${loads.join(', ')}`);
  for (const [model, torch] of pytorch) {
    lines.push(`${model}: ${torch.name}: ${torch.secondsPerEpoch.toFixed(2)} s/epoch`);
  }
  return lines;
}
