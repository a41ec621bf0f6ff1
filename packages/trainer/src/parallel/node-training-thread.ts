/**
 * The script of a training thread on Node (a `worker_threads` worker started by
 * `spawnNodeTrainingThread`): starts the WASM backend, then runs the platform-free loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initWasmBackend } from '@mnist-wasm/backend';
import type { TrainingThreadInit } from './thread-protocol';
import { runTrainingThread } from './training-thread';

const port = parentPort;
if (port === null) throw new Error('node-training-thread: run as a worker thread only');
const init = workerData as TrainingThreadInit;

async function main(): Promise<void> {
  try {
    await initWasmBackend();
    await runTrainingThread(
      init,
      (reply) => port!.postMessage(reply),
      // As a crash would: no catch, no cleanup, an exit code of its own.
      () => process.exit(70),
    );
  } catch (error) {
    port!.postMessage({ kind: 'failed', message: (error as Error).message });
  }
}

void main();
