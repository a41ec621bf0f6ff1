import { type DenseActivation, denseBackward, denseForward } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { DenseForward } from './dense-backprop';
import { planDenseStages } from './dense-stages';
import type { SeededDropout } from './seeded-dropout';

/** A Dense layer with the dropout stages that follow it, run as one kernel call each way. */
interface DenseLayer {
  kernel: tf.Variable;
  bias: tf.Variable | null;
  activation: DenseActivation;
  /** The Dropout stages right after the layer: their masks multiply its output. */
  dropouts: SeededDropout[];
}

/**
 * The forward and backward passes of the plain path's models (`denseBackprop`) on the Dense
 * kernels of `@mnist-wasm/backend` (`denseForward` and `denseBackward`): one kernel call per
 * layer and direction, each a layer's whole product, bias, activation and dropout, on the
 * weights as stored. The masks are drawn in the same order as the plain path draws them, so for
 * the same seed both paths compute the same step (to float rounding). Returns `null` for the
 * models {@link planDenseStages} declines.
 *
 * Needs the 'wasm' backend with the Dense kernels registered (`initWasmBackend()` does it).
 */
export function denseKernelBackprop(model: LayersModel): DenseForward | null {
  const stages = planDenseStages(model);
  if (stages === null) return null;
  // Dropouts before the first Dense layer act on the batch; every later one joins the layer it
  // follows. Flatten stages do nothing to a batch that is already [batch, features].
  const inputDropouts: DenseLayer['dropouts'] = [];
  const layers: DenseLayer[] = [];
  for (const stage of stages) {
    if (stage.kind === 'dense') {
      const activation = stage.relu ? 'relu' : 'linear';
      layers.push({ kernel: stage.kernel, bias: stage.bias, activation, dropouts: [] });
    } else if (stage.kind === 'dropout') {
      (layers.at(-1)?.dropouts ?? inputDropouts).push(stage.dropout);
    }
  }

  return (x, random) => {
    // Forward: y = activation(x · kernel + bias) · mask, layer by layer, keeping each layer's
    // input, output and mask for the backward pass.
    const rows = x.shape[0];
    let y: tf.Tensor = x;
    for (const dropout of inputDropouts) y = tf.mul(y, dropout.mask(y.shape, random));
    const inputs: tf.Tensor[] = [];
    const outputs: tf.Tensor[] = [];
    const masks: Array<tf.Tensor | undefined> = [];
    const checks: tf.Tensor[] = [];
    for (const layer of layers) {
      const shape = [rows, layer.kernel.shape[1] as number];
      let mask: tf.Tensor | undefined;
      for (const dropout of layer.dropouts) {
        const next = dropout.mask(shape, random);
        mask = mask === undefined ? next : tf.mul(mask, next);
      }
      const pass = denseForward(y, layer.kernel, {
        bias: layer.bias ?? undefined,
        activation: layer.activation,
        mask,
      });
      inputs.push(y);
      outputs.push(pass.output);
      masks.push(mask);
      checks.push(pass.finiteCheck);
      y = pass.output;
    }
    return {
      output: y,
      checks,
      backward(dOutput) {
        // Backward: from the last layer to the first, each passing its input gradient back.
        const grads: tf.NamedTensorMap = {};
        const gradientChecks: tf.Tensor[] = [];
        let dy = dOutput;
        for (let i = layers.length - 1; i >= 0; i--) {
          const layer = layers[i]!;
          const layerGrads = denseBackward(dy, {
            x: inputs[i]!,
            kernel: layer.kernel,
            output: outputs[i],
            activation: layer.activation,
            mask: masks[i],
            bias: layer.bias !== null,
            inputGradient: i > 0,
          });
          grads[layer.kernel.name] = layerGrads.kernel;
          if (layer.bias !== null) grads[layer.bias.name] = layerGrads.bias!;
          gradientChecks.push(layerGrads.finiteCheck);
          if (layerGrads.input !== null) dy = layerGrads.input;
        }
        // The kernels skip zeros, so a non-finite weight met only by zeros shows in no forward
        // check: the gradients are checked themselves, so that no update can write one.
        return { grads, checks: gradientChecks };
      },
    };
  };
}
