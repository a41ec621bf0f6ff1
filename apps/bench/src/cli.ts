#!/usr/bin/env node
// pnpm bench [--quick] [--json] [--model=all|mlp|cnn] [--steps=100] [--windows=10] [--cpu-windows=3] [--seed=1] [--threads=1,2]
//
// For each model, side by side in one process on the same MNIST windows: tfjs-layers model.fit on
// tfjs-backend-wasm, @mnist-wasm/trainer's train() with every fix, PyTorch eager in a child process
// (when a python3 with torch is found; the MLP on one thread, the convnet at torch's default
// threads), and a short model.fit on tfjs-backend-cpu. Then (unless --quick) the full notebook both ways, each in its own process,
// for peak RSS. Last, the backend's roofline (packages/backend/bench/roofline.mjs) in a child
// process: kernel GFLOP/s against the WebAssembly SIMD peak.
import { parseArgs } from 'node:util';
import '@tensorflow/tfjs-backend-cpu';
import { initWasmBackend } from '@mnist-wasm/backend';
import { normalize } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { parseWholeNumber } from '@mnist-wasm/notebook/whole-number';
import * as tf from '@tensorflow/tfjs-core';
import { MODELS, type ModelKind, oursTrain, stockFit } from './contenders';
import { runNotebook, runSweep } from './notebook-runs';
import { findPython, PYTORCH_UNAVAILABLE, pytorchContender } from './pytorch';
import { type BenchReport, formatReport, type ModelComparison, withEpochTimes } from './report';
import { runRoofline } from './roofline';
import { measureScaling, type ScalingRow } from './scaling';
import { type Contender, runSideBySide } from './side-by-side';
import {
  STOCK_COMPILE,
  STOCK_COMPILES,
  STOCK_LOSS_DESCRIPTION,
  type StockCompile,
} from './stock-fit';

const USAGE = `Usage: pnpm bench [-- options]   (or: node apps/bench/dist/cli.js [options])

Trains side by side on the same MNIST windows: stock tfjs-layers model.fit on wasm, ours train(),
PyTorch eager (the MLP on 1 thread, the convnet at torch's default threads; python3 with torch
from env PYTHON, /usr/bin/python3 or PATH),
and a short model.fit on the CPU backend; then, without --quick, the full notebook runs; last,
the backend's roofline (node packages/backend/bench/roofline.mjs, a few seconds).

Options:
  --quick              side-by-side timing only, 3 windows (1 on the CPU backend)
  --json               the report as JSON on stdout (no progress)
  --model <name>       all, mlp or cnn (all)
  --steps <n>          steps per window (100)
  --windows <n>        timed windows after one warm-up (10; 3 with --quick)
  --cpu-windows <n>    timed windows of the CPU run (3; 1 with --quick)
  --cpu-steps <n>      steps per CPU window (--steps for the MLP, a twentieth of it for the convnet)
  --seed <n>           initial weights (1)
  --stock-compiles     also time the MLP's other stock compiles side by side (${Object.keys(STOCK_COMPILES).join(', ')})
  --threads <list>     thread counts of the scaling rows, first the baseline (1,2): train() on N
                       threads window by window, and (without --quick) a one-epoch notebook run
                       per count for its peak RSS
  -h, --help           this help`;

/** A one-line message for a command-line mistake, and exit code 2. */
function usageError(message: string): never {
  process.stderr.write(`bench: ${message} (see --help)\n`);
  process.exit(2);
}

// `pnpm bench -- --quick` hands the script a literal `--` first; parseArgs would stop there.
const argv = process.argv.slice(2);
const options = {
  help: { type: 'boolean', short: 'h', default: false },
  json: { type: 'boolean', default: false },
  quick: { type: 'boolean', default: false },
  steps: { type: 'string', default: '100' },
  windows: { type: 'string' },
  'cpu-windows': { type: 'string' },
  seed: { type: 'string', default: '1' },
  model: { type: 'string', default: 'all' },
  'cpu-steps': { type: 'string' },
  'stock-compiles': { type: 'boolean', default: false },
  threads: { type: 'string', default: '1,2' },
} as const;
/** The flags, or a usage error for an unknown flag, a missing value or a stray argument. */
function parseFlags() {
  try {
    return parseArgs({ args: argv[0] === '--' ? argv.slice(1) : argv, options }).values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      usageError(`unknown option ${/'([^']*)'/.exec(message)?.[1] ?? message}`);
    }
    if (code?.startsWith('ERR_PARSE_ARGS_')) usageError(message.split('. ')[0]!.replace(/\.$/, ''));
    throw error;
  }
}
const values = parseFlags();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

/** Parses a flag's whole number, or exits with a usage error. */
function wholeNumber(flag: string, value: string, min: number): number {
  try {
    return parseWholeNumber(flag, value, min);
  } catch (error) {
    usageError((error as Error).message.replace(/\.$/, ''));
  }
}

const quick = values.quick;
const batchSize = 32;
const steps = wholeNumber('--steps', values.steps, 1);
const windows = wholeNumber('--windows', values.windows ?? (quick ? '3' : '10'), 1);
const cpuWindows = parseWholeNumber(
  '--cpu-windows',
  values['cpu-windows'] ?? (quick ? '1' : '3'),
  1,
);
const seed = wholeNumber('--seed', values.seed, 0);
// The CPU backend trains a convnet far slower than wasm (the README has the ratio): fewer steps
// keep its run short.
const cpuSteps = (kind: ModelKind) =>
  values['cpu-steps'] !== undefined
    ? wholeNumber('--cpu-steps', values['cpu-steps'], 1)
    : kind === 'cnn'
      ? Math.max(1, Math.ceil(steps / 20))
      : steps;
if (cpuWindows > windows) usageError('--cpu-windows cannot exceed --windows');
const kinds = Object.keys(MODELS) as ModelKind[];
if (values.model !== 'all' && !kinds.includes(values.model as ModelKind)) {
  usageError(`--model is ${values.model}; use all, ${kinds.join(' or ')}`);
}
const models = values.model === 'all' ? kinds : [values.model as ModelKind];
const threadCounts = values.threads.split(',').map((v) => wholeNumber('--threads', v, 1));
const evalSteps = (cpuWindows + 1) * steps;
const log = (text: string) => {
  if (!values.json) process.stderr.write(`${text}\n`);
};

const backend = await initWasmBackend();
const loadStart = performance.now();
const { train, test } = await loadMnist();
const loadMs = performance.now() - loadStart;
const normalizeStart = performance.now();
normalize(train.features);
const normalizeMs = performance.now() - normalizeStart;

const plan = { steps, batchSize, windows, evalSteps };
const progress = (name: string, w: number, ms: number) =>
  log(`  ${name} window ${w === 0 ? 'warm-up' : w}: ${ms.toFixed(2)} ms/step`);

// PyTorch: an interpreter that imports torch, found once.
const python = findPython();
const pytorch: BenchReport['pytorch'] = python
  ? { measured: true, ...python }
  : { measured: false, note: PYTORCH_UNAVAILABLE };

/**
 * model.fit on wasm against ours and PyTorch eager (the MLP on one thread, the convnet at torch's
 * default threads: PYTORCH_THREADS), interleaved
 * window by window, then a short model.fit on cpu. The MLP's model.fit runs on
 * tfjs-backend-wasm's stock kernels, what TF.js alone gives, compiled the fastest way measured
 * (STOCK_COMPILE; with --stock-compiles, the other compiles alongside). Stock kernels cannot
 * train a convnet on wasm at all (no Conv2DBackpropFilter), so the convnet's model.fit runs with
 * this project's kernels: the fastest stock training a user can have there.
 */
async function compare(kind: ModelKind): Promise<ModelComparison> {
  const stock: Array<Contender & { dispose(): void }> = [];
  if (kind === 'mlp') {
    const compiles: StockCompile[] = values['stock-compiles']
      ? [
          STOCK_COMPILE,
          ...(Object.keys(STOCK_COMPILES) as StockCompile[]).filter((c) => c !== STOCK_COMPILE),
        ]
      : [STOCK_COMPILE];
    for (const compile of compiles) {
      const name = values['stock-compiles']
        ? `stock model.fit (wasm, ${compile})`
        : 'stock model.fit (wasm)';
      stock.push(await stockFit(name, kind, 'wasm', false, seed, batchSize, compile));
    }
  } else {
    stock.push(
      await stockFit('model.fit (wasm, our kernels)', kind, 'wasm', true, seed, batchSize),
    );
  }
  const ours = await oursTrain('ours train() (wasm)', kind, seed, batchSize);
  let torch: Awaited<ReturnType<typeof pytorchContender>> | null = null;
  if (python) {
    // The same initial weights as the other contenders', handed to the script.
    const initial = MODELS[kind](seed);
    try {
      torch = await pytorchContender(python, kind, initial, steps, batchSize, seed, train.count);
    } finally {
      initial.dispose();
    }
  }
  const contenders = [...stock, ours, ...(torch ? [torch] : [])];
  log(`${kind}: ${contenders.map((c) => c.name).join(', ')}: interleaved window by window`);
  const results = await runSideBySide(contenders, train, test, plan, progress);
  for (const contender of contenders) contender.dispose();
  const stockResult = results[0]!;
  const oursResult = results[stock.length]!;

  log(`${kind}: stock model.fit on cpu, short run`);
  const cpu = await stockFit(
    'stock model.fit (cpu, short run)',
    kind,
    'cpu',
    false,
    seed,
    batchSize,
  );
  const cpuPlan = {
    steps: cpuSteps(kind),
    batchSize,
    windows: cpuWindows,
    evalSteps: (cpuWindows + 1) * cpuSteps(kind),
  };
  const cpuResults = await runSideBySide([cpu], train, test, cpuPlan, progress);
  cpu.dispose();
  await tf.setBackend('wasm');
  return {
    model: kind,
    runs: withEpochTimes([...results, ...cpuResults], train.count, batchSize),
    speedup: stockResult.msPerStep / oursResult.msPerStep,
  };
}

const comparisons: ModelComparison[] = [];
for (const kind of models) comparisons.push(await compare(kind));

const scaling: ScalingRow[] = [];
for (const kind of models) {
  log(`${kind}: scaling on ${threadCounts.join(', ')} thread(s), window by window`);
  const scalingPlan = { steps, windows, batchSize, seed, quick };
  scaling.push(...(await measureScaling(kind, threadCounts, train, scalingPlan, log)));
}

// The seeds of the sweep comparison: 8 runs, so that each worker's start (loading MNIST, starting
// the backend) weighs as little in the throughput as it does for a user's sweep of the README's 8.
const SWEEP_SEEDS = '1-8';

let notebook: BenchReport['notebook'] = null;
let sweep: BenchReport['sweep'] = null;
if (!quick) {
  log('full notebook, ours (apps/notebook --json --seed 1) ...');
  const oursRun = await runNotebook('ours', 1);
  log('full notebook, stock model.fit ...');
  const stockRun = await runNotebook('stock', 1);
  notebook = { ours: oursRun, stock: stockRun };
  log('sweep of seeds 1-8 (the whole notebook each) on 1 worker, then on 2 ...');
  const one = await runSweep(SWEEP_SEEDS, 1);
  const two = await runSweep(SWEEP_SEEDS, 2);
  sweep = { one, two, speedup: one.wallMs / two.wallMs };
}

// Last, alone: the backend's roofline (a few seconds) in a child process of its own.
log('roofline (packages/backend/bench/roofline.mjs --json) ...');
let roofline: BenchReport['roofline'];
try {
  roofline = await runRoofline();
} catch (error) {
  roofline = { failed: (error as Error).message.split('\n')[0]! };
}

const report: BenchReport = {
  environment: {
    tfjs: backend.tfjsVersion,
    node: process.versions.node,
    simd: backend.simd,
    threads: backend.threads,
  },
  plan: { batchSize, stepsPerWindow: steps, windows, cpuWindows, evalSteps },
  stockLoss: STOCK_LOSS_DESCRIPTION,
  pytorch,
  data: { loadMs, normalizeMs, trainExamples: train.count },
  comparisons,
  scaling,
  sweep,
  notebook,
  roofline,
};
process.stdout.write(
  values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`,
);
