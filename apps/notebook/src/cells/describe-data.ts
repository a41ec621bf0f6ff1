import type { DataDescription } from '@mnist-wasm/pipeline';
import { cellHeading, formatShape } from '../format';

/** In [1]'s heading, printed before the files are read. */
export const DATA_HEADING = cellHeading(
  1,
  '(x_train, y_train), (x_test, y_test) = mnist.load_data()',
);

/**
 * In [1]: the splits' shapes and types as numpy shows them, and how long loading took: the splits
 * stay uint8, and the trainer and evaluator scale each batch as they go.
 */
export function renderData({ train, test }: DataDescription, loadMs: number): string {
  const split = (x: string, y: string, { count, shape, featuresType, labelsType }: typeof train) =>
    `${x} ${formatShape([count, ...shape])} ${featuresType}, ${y} ${formatShape([count])} ${labelsType}`;
  return [
    split('x_train', 'y_train', train),
    split('x_test ', 'y_test ', test),
    `loaded in ${loadMs.toFixed(0)} ms; pixels become x / 255.0 batch by batch`,
  ].join('\n');
}
