import type * as tfl from '@tensorflow/tfjs-layers';

const COLUMN_WIDTHS = [29, 26, 10] as const;
const LINE_WIDTH = COLUMN_WIDTHS[0] + COLUMN_WIDTHS[1] + COLUMN_WIDTHS[2];

/**
 * The table Keras's `model.summary()` prints, as a string: one row per layer with its name and
 * class, output shape (batch axis as `None`) and parameter count, then the totals.
 *
 * Totals count each weight once (a weight shared by two layers is not counted twice), split into
 * trainable and non-trainable weights as Keras does.
 *
 * @param model - Any TF.js layers model, e.g. from `createMnistMlp()`.
 * @returns Lines separated by `\n`, without a trailing newline; nothing is printed.
 *
 * @example
 * ```ts
 * console.log(summary(createMnistMlp()));
 * // Model: "mnist_mlp"
 * // ...
 * // Total params: 101,770
 * ```
 */
export function summary(model: tfl.LayersModel): string {
  const trainable = countWeights(model.trainableWeights);
  const nonTrainable = countWeights(model.nonTrainableWeights);
  const lines = [
    `Model: "${model.name}"`,
    '_'.repeat(LINE_WIDTH),
    row('Layer (type)', 'Output Shape', 'Param #'),
    '='.repeat(LINE_WIDTH),
  ];
  model.layers.forEach((layer, i) => {
    if (i > 0) lines.push('');
    lines.push(
      row(
        `${layer.name} (${layer.getClassName()})`,
        formatShape(layer.outputShape),
        formatCount(layer.countParams()),
      ),
    );
  });
  lines.push(
    '='.repeat(LINE_WIDTH),
    `Total params: ${formatCount(trainable + nonTrainable)}`,
    `Trainable params: ${formatCount(trainable)}`,
    `Non-trainable params: ${formatCount(nonTrainable)}`,
    '_'.repeat(LINE_WIDTH),
  );
  return lines.join('\n');
}

function row(layer: string, shape: string, params: string): string {
  return ` ${layer.padEnd(COLUMN_WIDTHS[0] - 1)}${shape.padEnd(COLUMN_WIDTHS[1])}${params}`.trimEnd();
}

function countWeights(weights: readonly tfl.LayerVariable[]): number {
  return weights.reduce(
    (total, weight) => total + weight.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
    0,
  );
}

/** `[null, 784]` as `(None, 784)`; a layer with several outputs lists each shape. */
function formatShape(shape: tfl.Shape | tfl.Shape[]): string {
  const isShapeList = shape.length > 0 && shape.every((dim) => Array.isArray(dim));
  if (isShapeList) return (shape as tfl.Shape[]).map(formatShape).join(', ');
  return `(${(shape as tfl.Shape).map((dim) => (dim === null ? 'None' : String(dim))).join(', ')})`;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
