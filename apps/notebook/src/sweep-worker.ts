import { parentPort, workerData } from 'node:worker_threads';
import { ChecksumError } from '@mnist-wasm/dataset';
import { runNotebook } from './notebook';
import { SILENT_OUTPUT } from './notebook-output';
import type { SweepReply, SweepTask, SweepWorkerData } from './sweep-protocol';

/*
 * A `sweep` worker: runs the notebook (runNotebook, so exactly `mnist-notebook --seed N`'s training
 * and evaluation) quietly for each seed it is sent, one after another. The WASM backend starts with
 * the first run and is reused by the next ones (initWasmBackend keeps its first initialisation).
 */
const port = parentPort;
if (port === null)
  throw new Error('sweep-worker.js runs as a worker thread of `mnist-notebook sweep`.');
const { flags } = workerData as SweepWorkerData;

port.on('message', async ({ seed }: SweepTask) => {
  let reply: SweepReply;
  try {
    // One thread per run: the sweep spreads whole runs over the cores.
    const result = await runNotebook(
      { ...flags, seed, json: false, quiet: true, threads: 1 },
      SILENT_OUTPUT,
    );
    reply = {
      kind: 'done',
      seed,
      testLoss: result.test.loss,
      testAccuracy: result.test.accuracy,
      trainMs: result.trainMs,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof ChecksumError ? ' In mnist-notebook, that is --no-verify.' : '';
    reply = { kind: 'failed', seed, message: `${message}${hint}` };
  }
  port.postMessage(reply);
});
