import { availableParallelism, freemem } from 'node:os';
import { initWasmBackend } from '@mnist-wasm/backend';
import { buildModel } from '@mnist-wasm/pipeline';
import { trainStepBytesPerExample } from '@mnist-wasm/trainer';
import { UsageError } from './errors';
import { FLAG_RANGES } from './flag-ranges';
import { checkBatchSizeFlag } from './model-batch-bound';
import type { RunFlags } from './run-flags';

/**
 * What a sweep worker takes besides its training step's tensors: its thread, its WASM backend and
 * the MNIST files it reads (all four, whatever `--train-limit` keeps of them). Rounded up from the
 * peak memory of sweeps on tiny data as the workers are added (the figures are in the README), so
 * a bound made with it errs on the side of fewer workers.
 */
export const SWEEP_WORKER_BASE_BYTES = 128 * 2 ** 20;

/** What bounds a sweep's workers on this machine. */
export interface SweepMachine {
  /** Cores the process may run on (`os.availableParallelism()`). */
  cores: number;
  /** Memory free for new workers: the system's available memory, within a cgroup's limit. */
  availableBytes: number;
}

/** This machine's {@link SweepMachine}. */
export function sweepMachine(): SweepMachine {
  let available = freemem();
  // Without a cgroup limit, Node reports a huge number rather than 0 on some systems.
  const constrained = process.constrainedMemory?.() ?? 0;
  if (constrained > 0 && constrained < 2 ** 50) {
    available = Math.min(available, constrained - process.memoryUsage().rss);
  }
  return { cores: availableParallelism(), availableBytes: Math.max(0, available) };
}

/**
 * The memory one worker of a sweep with `flags` takes: {@link SWEEP_WORKER_BASE_BYTES} and its
 * training step's tensors for a batch (the trainer's per-example estimate for the model times the
 * examples of a step). Builds the model once on the WASM backend of this thread to measure it,
 * and refuses a `--batch-size` the model cannot train with, before any worker starts.
 *
 * @returns Bytes, a positive integer.
 * @throws UsageError naming --batch-size when it is more than the model can train with.
 */
export async function sweepWorkerBytes(flags: RunFlags): Promise<number> {
  await initWasmBackend();
  const { model } = buildModel(flags.model, { seed: 0 });
  try {
    checkBatchSizeFlag(model, flags.model, flags.batchSize);
    const stepExamples = Math.min(flags.batchSize, flags.trainLimit ?? flags.batchSize);
    return SWEEP_WORKER_BASE_BYTES + stepExamples * trainStepBytesPerExample(model);
  } finally {
    model.dispose();
  }
}

/**
 * How many workers a sweep starts: `requested` (`--workers`) when given, otherwise as many as the
 * machine has cores, as free memory holds at `workerBytes` each, and as there are seeds. A worker
 * per core is the most that runs at once; more only share the cores while each takes its memory.
 *
 * @param requested - `--workers`, or undefined for the default.
 * @param seeds - How many runs the sweep makes.
 * @param workerBytes - What one worker takes ({@link sweepWorkerBytes}).
 * @param machine - Cores and free memory ({@link sweepMachine}).
 * @returns A whole number from 1 to `seeds` (and to the bounds).
 * @throws UsageError naming --workers, the bound and why, when `requested` is more than the cores
 *   or than free memory holds.
 */
export function chooseSweepWorkers(
  requested: number | undefined,
  seeds: number,
  workerBytes: number,
  machine: SweepMachine,
): number {
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20).toLocaleString('en-US');
  const byMemory = Math.max(1, Math.floor(machine.availableBytes / workerBytes));
  const cores = Math.max(1, machine.cores);
  if (requested === undefined) {
    return Math.max(1, Math.min(cores, byMemory, seeds, FLAG_RANGES.workers.max));
  }
  if (requested > cores) {
    throw new UsageError(
      `--workers ${requested} is more than the ${cores} core${cores === 1 ? '' : 's'} of this machine: ` +
        `a worker trains on a core of its own, and more workers than cores only share them while each takes about ${mb(workerBytes)} MB; ` +
        `give --workers ${cores} or less, or leave --workers out (one per core, as many as free memory holds).`,
    );
  }
  if (requested > byMemory) {
    throw new UsageError(
      `--workers ${requested} needs about ${mb(requested * workerBytes)} MB, and ${mb(machine.availableBytes)} MB is free: ` +
        `each worker takes about ${mb(workerBytes)} MB (its WASM backend, the data and a training step of --batch-size ` +
        `examples); give --workers ${byMemory} or less, a smaller --batch-size, or free memory.`,
    );
  }
  return Math.min(requested, seeds);
}
