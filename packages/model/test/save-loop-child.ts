// Run by save-concurrency.test.ts in a child process (through vite-node, so it runs the sources):
// saves the same model into the folder given, over and over, until it is killed.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { createMnistMlp } from '../src';
import { saveModel } from '../src/node';

const dir = process.argv[2];
if (!dir) throw new Error('save-loop-child: pass the model folder');
await tf.setBackend('cpu');
const model = createMnistMlp({ seed: Number(process.argv[3] ?? 1) });
await saveModel(model, dir);
process.stdout.write('saved\n');
for (;;) await saveModel(model, dir);
