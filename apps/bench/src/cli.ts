#!/usr/bin/env node
// pnpm bench [--quick] [--json] [--model=all|mlp|cnn] [--steps=100] [--windows=10] [--cpu-windows=3] [--seed=1]
//
// For each model, side by side in one process on the same MNIST windows: tfjs-layers model.fit on
// tfjs-backend-wasm, @mnist-wasm/trainer's train() with every fix, and a short model.fit on
// tfjs-backend-cpu. Then (unless --quick) the full notebook both ways, each in its own process,
// for peak RSS.
import { parseArgs } from 'node:util';
import '@tensorflow/tfjs-backend-cpu';
import { initWasmBackend } from '@mnist-wasm/backend';
import { normalize } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { parseWholeNumber } from '@mnist-wasm/notebook/whole-number';
import * as tf from '@tensorflow/tfjs-core';
import { MODELS, type ModelKind, oursTrain, stockFit } from './contenders';
import { runNotebook, runSweep } from './notebook-runs';
import { type BenchReport, formatReport, type ModelComparison, withEpochTimes } from './report';
import { runSideBySide } from './side-by-side';
import { STOCK_LOSS_DESCRIPTION } from './stock-fit';

// `pnpm bench -- --quick` hands the script a literal `--` first; parseArgs would stop there.
const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    steps: { type: 'string', default: '100' },
    windows: { type: 'string' },
    'cpu-windows': { type: 'string' },
    seed: { type: 'string', default: '1' },
    model: { type: 'string', default: 'all' },
    'cpu-steps': { type: 'string' },
  },
});

const quick = values.quick;
const batchSize = 32;
const steps = parseWholeNumber('--steps', values.steps, 1);
const windows = parseWholeNumber('--windows', values.windows ?? (quick ? '3' : '10'), 1);
const cpuWindows = parseWholeNumber(
  '--cpu-windows',
  values['cpu-windows'] ?? (quick ? '1' : '3'),
  1,
);
const seed = parseWholeNumber('--seed', values.seed, 0);
// The CPU backend trains a convnet 100-200x slower than wasm: fewer steps keep its run short.
const cpuSteps = (kind: ModelKind) =>
  values['cpu-steps'] !== undefined
    ? parseWholeNumber('--cpu-steps', values['cpu-steps'], 1)
    : kind === 'cnn'
      ? Math.max(1, Math.ceil(steps / 20))
      : steps;
if (cpuWindows > windows) throw new RangeError('--cpu-windows cannot exceed --windows.');
const kinds = Object.keys(MODELS) as ModelKind[];
if (values.model !== 'all' && !kinds.includes(values.model as ModelKind)) {
  throw new RangeError(`--model is ${values.model}; use all, ${kinds.join(' or ')}.`);
}
const models = values.model === 'all' ? kinds : [values.model as ModelKind];
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

/**
 * model.fit on wasm against ours, interleaved window by window, then a short model.fit on cpu.
 * The MLP's model.fit runs on tfjs-backend-wasm's stock kernels, what TF.js alone gives. Stock
 * kernels cannot train a convnet on wasm at all (no Conv2DBackpropFilter), so the convnet's
 * model.fit runs with this project's kernels: the fastest stock training a user can have there.
 */
async function compare(kind: ModelKind): Promise<ModelComparison> {
  log(`${kind}: model.fit and ours on wasm, interleaved window by window`);
  const stock =
    kind === 'mlp'
      ? await stockFit('stock model.fit (wasm)', kind, 'wasm', false, seed, batchSize)
      : await stockFit('model.fit (wasm, our kernels)', kind, 'wasm', true, seed, batchSize);
  const ours = await oursTrain('ours train() (wasm)', kind, seed, batchSize);
  const [stockResult, oursResult] = await runSideBySide([stock, ours], train, test, plan, progress);
  ours.dispose();
  stock.model.dispose();
  ours.model.dispose();

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
  cpu.model.dispose();
  await tf.setBackend('wasm');
  return {
    model: kind,
    runs: withEpochTimes([stockResult!, oursResult!, ...cpuResults], train.count, batchSize),
    speedup: stockResult!.msPerStep / oursResult!.msPerStep,
  };
}

const comparisons: ModelComparison[] = [];
for (const kind of models) comparisons.push(await compare(kind));

let notebook: BenchReport['notebook'] = null;
let sweep: BenchReport['sweep'] = null;
if (!quick) {
  log('full notebook, ours (apps/notebook --json --seed 1) ...');
  const oursRun = await runNotebook('ours', 1);
  log('full notebook, stock model.fit ...');
  const stockRun = await runNotebook('stock', 1);
  notebook = { ours: oursRun, stock: stockRun };
  log('sweep of seeds 1-4 (the whole notebook each) on 1 worker, then on 2 ...');
  const one = await runSweep('1-4', 1);
  const two = await runSweep('1-4', 2);
  sweep = { one, two, speedup: one.wallMs / two.wallMs };
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
  data: { loadMs, normalizeMs, trainExamples: train.count },
  comparisons,
  sweep,
  notebook,
};
process.stdout.write(
  values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`,
);
