import { tensorFromByteRows } from '@mnist-wasm/backend';
import { exampleSize } from '@mnist-wasm/dataset';
import {
  type ClassifierSignature,
  lossAndGradientFromLogits,
  type ModelPlan,
  planBackward,
  planForward,
} from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { allFinite, allFiniteValues } from '../finite-checks';
import type { ShareStats } from './gradient-exchange';
import type { ShareMaskRandom } from './share-mask-random';

/** The training data every thread views: uint8 examples and their labels. */
export interface SharedExamples {
  /** `count * exampleSize` bytes, row-major, scaled by 1/255 as the step reads them. */
  bytes: Uint8Array;
  /** `count` class indices. */
  labels: Int32Array;
}

/**
 * One thread's part of a data-parallel step: the plan's forward and backward on its share of the
 * batch, with the loss gradient of the whole batch's mean (each share's rows weigh `1 / batch`, as
 * in the single-threaded step), its gradients written into its slot. The update is not applied
 * here: it needs every thread's gradients. Every tensor is disposed before it returns.
 */
export class ShareStep {
  private readonly features: number;
  private readonly dLogits: Float32Array;
  private readonly labels: Int32Array;
  private weightsChecked = false;

  constructor(
    private readonly plan: ModelPlan,
    private readonly signature: ClassifierSignature,
    private readonly data: SharedExamples,
    private readonly random: ShareMaskRandom,
    maxBatch: number,
  ) {
    this.features = exampleSize(signature.inputShape);
    this.dLogits = new Float32Array(maxBatch * signature.numClasses);
    this.labels = new Int32Array(maxBatch);
  }

  /**
   * Runs rows `start` to `start + size - 1` of the batch whose example indices are `indices`
   * (`batch` of them), writing the gradients into `slot`.
   * @returns The share's mean loss (NaN when the loss, the logits, the weights or a check was not
   *   finite: then `slot` holds nothing usable), its correct count and its rows.
   */
  run(indices: Int32Array, start: number, size: number, slot: Float32Array): ShareStats {
    const batch = indices.length;
    if (size === 0) {
      this.random.skip(batch);
      return { loss: 0, correct: 0, size: 0 };
    }
    const rows = indices.subarray(start, start + size);
    const labels = this.labels.subarray(0, size);
    for (let i = 0; i < size; i++) labels[i] = this.data.labels[rows[i]!]!;
    const { numClasses, inputShape } = this.signature;
    this.random.begin(batch, start, size);
    return tf.tidy(() => {
      const x = tensorFromByteRows(this.data.bytes, rows, this.features, {
        shape: [size, ...inputShape],
      });
      const pass = planForward(this.plan, x, { training: true, random: this.random });
      const logits = pass.output.dataSync() as Float32Array;
      const dLogits = this.dLogits.subarray(0, size * numClasses);
      const stats = lossAndGradientFromLogits(logits, labels, numClasses, dLogits);
      const nan = { loss: Number.NaN, correct: stats.correct, size };
      if (!Number.isFinite(stats.loss)) return { ...stats, size };
      if (!this.weightsChecked && !allFinite(this.plan.variables)) return nan;
      this.weightsChecked = true;
      if (!allFiniteValues(logits) || !finite(pass.checks)) return nan;
      // The gradient of the share's mean, scaled to the batch's: exact when size / batch is a
      // power of two, as for even splits of the usual batch sizes.
      if (size !== batch) {
        const scale = size / batch;
        for (let i = 0; i < dLogits.length; i++) dLogits[i] = dLogits[i]! * scale;
      }
      const { grads, checks } = planBackward(pass, tf.tensor2d(dLogits, [size, numClasses]));
      if (!finite(checks)) return nan;
      let offset = 0;
      for (const variable of this.plan.variables) {
        const values = valuesOf(grads[variable.name]!);
        slot.set(values, offset);
        offset += values.length;
      }
      return { loss: stats.loss, correct: stats.correct, size };
    });
  }
}

/**
 * A float32 tensor's values: a view on the WASM heap where the backend offers one (read at once,
 * before anything allocates), else a copy. Copying every gradient each step into fresh memory
 * costs more than the share's arithmetic for small models.
 */
function valuesOf(tensor: tf.Tensor): Float32Array {
  const backend = tf.backend() as { typedArrayFromHeap?: (t: tf.TensorInfo) => unknown };
  if (typeof backend.typedArrayFromHeap === 'function') {
    return backend.typedArrayFromHeap(tensor) as Float32Array;
  }
  return tensor.dataSync() as Float32Array;
}

function finite(checks: tf.Tensor[]): boolean {
  return checks.every((check) => allFiniteValues(check.dataSync() as Float32Array));
}
