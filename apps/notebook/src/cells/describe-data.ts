import type { DataDescription } from '@mnist-wasm/pipeline';
import { cellHeading, formatShape } from '../format';

/**
 * In [1]'s heading, printed before the files are read: Keras's loader of the data set
 * (`mnist.load_data()`, `fashion_mnist.load_data()`; Keras has none for KMNIST, so its name is
 * written the same way).
 */
export function dataHeading(dataset = 'mnist'): string {
  const loader = dataset.replace(/-/g, '_');
  return cellHeading(1, `(x_train, y_train), (x_test, y_test) = ${loader}.load_data()`);
}

/** In [1]'s heading for MNIST. */
export const DATA_HEADING = dataHeading('mnist');

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
