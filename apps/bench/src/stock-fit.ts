import { type MnistSplit, normalize } from '@mnist-wasm/dataset';
import { classifierSignature } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * The ways a TF.js user can compile the notebook's training with stock tfjs-layers (Keras's Adam,
 * batch 32, shuffled; the same network up to where the softmax goes):
 * - `logits`: the model's logits, one-hot labels, `tf.losses.softmaxCrossEntropy` as a custom loss
 *   (tfjs-layers cannot take `[n]` labels with a logits loss);
 * - `softmax`: a softmax activation on the last Dense layer, `'categoricalCrossentropy'` on one-hot
 *   labels;
 * - `sparse`: the same softmax output, `'sparseCategoricalCrossentropy'` on `[n]` class labels.
 */
export const STOCK_COMPILES = {
  logits:
    'logits, one-hot labels, tf.losses.softmaxCrossEntropy (tfjs-layers cannot take [n] labels with a logits loss)',
  softmax: "softmax on the last Dense layer, one-hot labels, loss 'categoricalCrossentropy'",
  sparse: "softmax on the last Dense layer, [n] labels, loss 'sparseCategoricalCrossentropy'",
} as const;
export type StockCompile = keyof typeof STOCK_COMPILES;

/**
 * The bench's stock baseline: the fastest of {@link STOCK_COMPILES} measured side by side on the
 * stock wasm kernels (`cli.js --quick --model mlp --steps 200 --windows 6 --stock-compiles`, three
 * rounds; see the README), so that the speed-up flatters nobody. The three ran within 3% of each
 * other, less than the spread between windows; the logits compile had the lowest total.
 */
export const STOCK_COMPILE: StockCompile = 'logits';

/** How the stock baseline is compiled, printed with the results. */
export const STOCK_LOSS_DESCRIPTION = `${STOCK_COMPILES[STOCK_COMPILE]}; the fastest of the stock compiles measured (a softmax output with 'categoricalCrossentropy' or 'sparseCategoricalCrossentropy' ran within 3%)`;

/**
 * `model` with a softmax activation on its last layer, a Dense layer, for the softmax compiles:
 * a copy of the same layers (from their configs) with `model`'s current weights. Takes a
 * `tf.Sequential` such as `createMnistMlp()` or `createMnistCnn()`.
 */
export function withSoftmaxOutput(model: tfl.LayersModel): tfl.LayersModel {
  const layers = model.layers.map((layer, i) => {
    const config = { ...layer.getConfig() };
    if (i === model.layers.length - 1) {
      if (layer.getClassName() !== 'Dense') {
        throw new TypeError(`the last layer is a ${layer.getClassName()}, not a Dense layer.`);
      }
      config.activation = 'softmax';
    }
    // Serializable.fromConfig's way: the layer's class, constructed from its config.
    const LayerClass = layer.constructor as new (
      config: tf.serialization.ConfigDict,
    ) => tfl.layers.Layer;
    return new LayerClass(config);
  });
  const copy = tfl.sequential({ name: `${model.name}_softmax`, layers });
  copy.setWeights(model.getWeights());
  return copy;
}

/**
 * Compiles `model` the way a TF.js user reproduces the notebook's compile(), Keras's Adam and the
 * loss of `compile` (see {@link STOCK_COMPILES}; `model` must already end in a softmax for
 * `'softmax'` and `'sparse'`).
 */
export function compileStock(model: tfl.LayersModel, compile: StockCompile = STOCK_COMPILE): void {
  model.compile({
    optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7),
    loss:
      compile === 'logits'
        ? (targets: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(targets, logits)
        : compile === 'softmax'
          ? 'categoricalCrossentropy'
          : 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
}

/** The model `compile` trains, from the logits model `model` (the model itself for `'logits'`). */
export function stockModel(model: tfl.LayersModel, compile: StockCompile): tfl.LayersModel {
  return compile === 'logits' ? model : withSoftmaxOutput(model);
}

/**
 * The notebook's `x / 255.0` and the labels as whole tensors, as stock `fit` takes them: float32
 * `[count, ...inputShape]` of `model` (`[28, 28]`, or `[28, 28, 1]` for a convnet) in [0, 1], and
 * float32 one-hot `[count, numClasses]` labels, or float32 class indices `[count]` for `'sparse'`.
 */
export function stockTensors(
  split: MnistSplit,
  model: tfl.LayersModel,
  compile: StockCompile = STOCK_COMPILE,
): [tf.Tensor, tf.Tensor] {
  const { inputShape } = classifierSignature(model);
  const x = tf.tensor(normalize(split.features), [split.count, ...inputShape], 'float32');
  if (compile === 'sparse') return [x, tf.tensor1d(split.labels, 'float32')];
  // An int32 one-hot, cast: stock tfjs-backend-wasm writes a float one-hot's values as int32 bits.
  const y = tf.tidy(() =>
    tf.cast(tf.oneHot(tf.tensor1d(split.labels, 'int32'), split.numClasses), 'float32'),
  );
  return [x, y];
}
