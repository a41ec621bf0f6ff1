import { registerKernelFixes, unregisterKernelFixes } from '@mnist-wasm/backend';
import { evaluate } from '@mnist-wasm/evaluator';
import { createMnistCnn, createMnistMlp } from '@mnist-wasm/model';
import { train } from '@mnist-wasm/trainer';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Contender } from './side-by-side';
import {
  compileStock,
  STOCK_COMPILE,
  type StockCompile,
  stockModel,
  stockTensors,
} from './stock-fit';

/** The models the bench trains, by the app's `--model` names, each built from a seed. */
export const MODELS = {
  mlp: (seed: number) => createMnistMlp({ seed }),
  cnn: (seed: number) => createMnistCnn({ seed }),
} as const satisfies Record<string, (seed: number) => tfl.LayersModel>;
export type ModelKind = keyof typeof MODELS;

/** Makes `backend` active, and on 'wasm' the stock kernels or this project's fixes. */
async function use(backend: 'wasm' | 'cpu', kernelFixes: boolean): Promise<void> {
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
  if (backend === 'wasm') {
    if (kernelFixes) registerKernelFixes();
    else unregisterKernelFixes();
  }
}

/**
 * Stock tfjs-layers `model.fit` (one epoch per window, shuffled, batch 32) of model `kind` from
 * `seed`, on `backend`; on 'wasm' with this project's kernel fixes or with the stock kernels;
 * compiled as `compile` (the bench's stock baseline unless told).
 */
export async function stockFit(
  name: string,
  kind: ModelKind,
  backend: 'wasm' | 'cpu',
  kernelFixes: boolean,
  seed: number,
  batchSize: number,
  compile: StockCompile = STOCK_COMPILE,
): Promise<Contender & { dispose(): void }> {
  await use(backend, kernelFixes);
  const logits = MODELS[kind](seed);
  const model = stockModel(logits, compile);
  if (model !== logits) logits.dispose();
  compileStock(model, compile);
  return {
    name,
    activate: () => use(backend, kernelFixes),
    evaluate: (test) => evaluate(model, test, { batchSize: 500, fromLogits: compile === 'logits' }),
    dispose: () => model.dispose(),
    prepare(split) {
      const [x, y] = stockTensors(split, model, compile);
      return {
        run: async () => {
          await model.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
          return undefined;
        },
        dispose: () => tf.dispose([x, y]),
      };
    },
  };
}

/**
 * `@mnist-wasm/trainer`'s `train()` of model `kind` from `seed`, on 'wasm' with every kernel fix
 * and its default fused Adam.
 */
export async function oursTrain(
  name: string,
  kind: ModelKind,
  seed: number,
  batchSize: number,
): Promise<Contender & { dispose(): void }> {
  await use('wasm', true);
  const model = MODELS[kind](seed);
  let optimizer: tf.Optimizer | undefined;
  return {
    name,
    activate: () => use('wasm', true),
    evaluate: (test) => evaluate(model, test, { batchSize: 500 }),
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
          return undefined;
        },
        dispose: () => {},
      };
    },
    dispose: () => {
      optimizer?.dispose();
      model.dispose();
    },
  };
}
