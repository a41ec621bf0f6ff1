import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fail } from './fail.mjs';

const e2e = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const notebookCli = join(
  dirname(require.resolve('@mnist-wasm/notebook/package.json')),
  'dist/cli.js',
);

/** The same training in Node through the same packages, with the trainer's per-batch times. */
export async function timedRunInNode(step, model, run) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(e2e, 'train-in-node.mjs'),
      ...[model, run.epochs, run.trainLimit, run.seed, run.batchSize].map(String),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  ).catch((error) => fail(step, error.message));
  return JSON.parse(stdout);
}

/**
 * The app's run of `model` with `run`'s settings on `threads` threads (`--threads`), and how far
 * the tab's loss history is from it.
 */
export async function sameRunInNode(step, model, run, tabHistory, threads = 1) {
  const { stdout } = await promisify(execFile)(process.execPath, [
    notebookCli,
    ...['--model', model, '--epochs', String(run.epochs), '--train-limit', String(run.trainLimit)],
    ...['--seed', String(run.seed), '--batch-size', String(run.batchSize), '--json'],
    ...['--threads', String(threads)],
  ]).catch((error) => fail(step, error.message));
  const node = JSON.parse(stdout);
  if (node.threads !== threads) {
    fail(
      step,
      `the app trained on ${node.threads} thread(s), not ${threads}: ${node.threadRefusal}`,
    );
  }
  const pairs = tabHistory.loss.map((loss, i) => [loss, node.history.loss[i]]);
  const identical = pairs.every(([a, b]) => a === b);
  const largest = Math.max(...pairs.map(([a, b]) => Math.abs(a - b) / Math.abs(b)));
  if (!(largest < 1e-4)) fail(step, `history differs from the app's: ${JSON.stringify(pairs)}`);
  return { identical, largest };
}
