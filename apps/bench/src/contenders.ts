import { registerKernelFixes, unregisterKernelFixes } from '@mnist-wasm/backend';
import { createMnistMlp } from '@mnist-wasm/model';
import { train } from '@mnist-wasm/trainer';
import * as tf from '@tensorflow/tfjs-core';
import type { Contender } from './side-by-side';
import { compileStock, stockTensors } from './stock-fit';

/** Makes `backend` active, and on 'wasm' the stock kernels or this project's fixes. */
async function use(backend: 'wasm' | 'cpu', kernelFixes: boolean): Promise<void> {
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
  if (backend === 'wasm') {
    if (kernelFixes) registerKernelFixes();
    else unregisterKernelFixes();
  }
}

/**
 * Stock tfjs-layers `model.fit` (one epoch per window, shuffled, batch 32) with the notebook's
 * model and seed, on `backend` with its stock kernels.
 */
export async function stockFit(
  name: string,
  backend: 'wasm' | 'cpu',
  seed: number,
  batchSize: number,
): Promise<Contender> {
  await use(backend, false);
  const model = createMnistMlp({ seed });
  compileStock(model);
  return {
    name,
    model,
    activate: () => use(backend, false),
    prepare(split) {
      const [x, y] = stockTensors(split);
      return {
        run: async () => {
          await model.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
        },
        dispose: () => tf.dispose([x, y]),
      };
    },
  };
}

/** `@mnist-wasm/trainer`'s `train()` on 'wasm' with every kernel fix and its default fused Adam. */
export async function oursTrain(
  name: string,
  seed: number,
  batchSize: number,
): Promise<Contender & { dispose(): void }> {
  await use('wasm', true);
  const model = createMnistMlp({ seed });
  let optimizer: tf.Optimizer | undefined;
  return {
    name,
    model,
    activate: () => use('wasm', true),
    prepare(split, window) {
      return {
        run: async () => {
          const result = await train(model, split, {
            epochs: 1,
            batchSize,
            seed: seed + window,
            optimizer,
          });
          optimizer = result.optimizer;
        },
        dispose: () => {},
      };
    },
    dispose: () => optimizer?.dispose(),
  };
}
