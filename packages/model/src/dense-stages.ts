import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * One layer of a Sequential Flatten/Dense/Dropout model, as the fast Dense paths see it: the
 * variables of a Dense layer and its activation, a Dropout's rate, or a Flatten.
 */
export type DenseStage =
  | { kind: 'flatten' }
  | { kind: 'dropout'; rate: number }
  | { kind: 'dense'; kernel: tf.Variable; bias: tf.Variable | null; relu: boolean };

/**
 * The stages of a Sequential model made only of `Flatten`, `Dropout` (without a noise shape) and
 * `Dense` layers (linear or ReLU, without regularizers) on rank-2 inputs, with at least one Dense
 * layer, such as the notebook's MLP (`createMnistMlp`); `null` for any other model. An input
 * layer, and a dropout of rate 0, are no stage. The trainer and the evaluator run such models on
 * the Dense kernels of `@mnist-wasm/backend` instead of layer by layer.
 *
 * @example
 * ```ts
 * denseStages(createMnistMlp())?.map((stage) => stage.kind);
 * // ['flatten', 'dense', 'dropout', 'dense']
 * ```
 */
export function denseStages(model: LayersModel): DenseStage[] | null {
  if (model.getClassName() !== 'Sequential') return null;
  const stages: DenseStage[] = [];
  for (const layer of model.layers) {
    const config = layer.getConfig();
    const className = layer.getClassName();
    if (className === 'InputLayer') {
      // Passes the batch on: no stage.
    } else if (className === 'Flatten') {
      stages.push({ kind: 'flatten' });
    } else if (className === 'Dropout') {
      const rate = config.rate;
      if (typeof rate !== 'number' || config.noiseShape != null || !(rate >= 0 && rate < 1)) {
        return null;
      }
      // A rate of 0 drops nothing: no stage.
      if (rate > 0) stages.push({ kind: 'dropout', rate });
    } else if (className === 'Dense') {
      const activation = config.activation;
      const regularized =
        config.kernelRegularizer != null ||
        config.biasRegularizer != null ||
        config.activityRegularizer != null;
      const inputRank = (layer.input as { shape: unknown[] }).shape.length;
      if ((activation !== 'relu' && activation !== 'linear') || regularized || inputRank !== 2) {
        return null;
      }
      const [kernel, bias] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      if (kernel === undefined || layer.trainableWeights.length !== (config.useBias ? 2 : 1)) {
        return null;
      }
      stages.push({ kind: 'dense', kernel, bias: bias ?? null, relu: activation === 'relu' });
    } else {
      return null;
    }
  }
  if (!stages.some((stage) => stage.kind === 'dense')) return null;
  return stages;
}
