#!/usr/bin/env node
// pnpm bench [--quick] [--json] [--steps=100] [--windows=10] [--cpu-windows=3] [--seed=1]
//
// Side by side in one process, on the same MNIST windows: stock tfjs-layers model.fit on
// tfjs-backend-wasm with its stock kernels, @mnist-wasm/trainer's train() with every fix, and a
// short model.fit on tfjs-backend-cpu. Then (unless --quick) the full notebook both ways, each in
// its own process, for peak RSS.
import { parseArgs } from 'node:util';
import '@tensorflow/tfjs-backend-cpu';
import { initWasmBackend } from '@mnist-wasm/backend';
import { normalize } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { parseWholeNumber } from '@mnist-wasm/notebook/whole-number';
import * as tf from '@tensorflow/tfjs-core';
import { oursTrain, stockFit } from './contenders';
import { runNotebook } from './notebook-runs';
import { type BenchReport, formatReport, withEpochTimes } from './report';
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
if (cpuWindows > windows) throw new RangeError('--cpu-windows cannot exceed --windows.');
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
log('wasm: stock model.fit and ours, interleaved window by window');
const stock = await stockFit('stock model.fit (wasm)', 'wasm', seed, batchSize);
const ours = await oursTrain('ours train() (wasm)', seed, batchSize);
const wasmResults = await runSideBySide([stock, ours], train, test, plan, progress);
ours.dispose();
stock.model.dispose();
ours.model.dispose();

log('cpu: stock model.fit, short run');
const cpu = await stockFit('stock model.fit (cpu, short run)', 'cpu', seed, batchSize);
const cpuResults = await runSideBySide(
  [cpu],
  train,
  test,
  { ...plan, windows: cpuWindows },
  progress,
);
cpu.model.dispose();
await tf.setBackend('wasm');

let notebook: BenchReport['notebook'] = null;
if (!quick) {
  log('full notebook, ours (apps/notebook --json --seed 1) ...');
  const oursRun = await runNotebook('ours', 1);
  log('full notebook, stock model.fit ...');
  const stockRun = await runNotebook('stock', 1);
  notebook = { ours: oursRun, stock: stockRun };
}

const [stockResult, oursResult] = wasmResults as [(typeof wasmResults)[0], (typeof wasmResults)[0]];
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
  runs: withEpochTimes([...wasmResults, ...cpuResults], train.count, batchSize),
  speedup: stockResult.msPerStep / oursResult.msPerStep,
  notebook,
};
process.stdout.write(
  values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`,
);
