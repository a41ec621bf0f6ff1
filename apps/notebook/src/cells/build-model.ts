import { createMnistMlp, summary } from '@mnist-wasm/model';
import type * as tfl from '@tensorflow/tfjs-layers';
import { cellHeading } from '../format';
import type { Print } from '../notebook-output';

/** In [2]: the notebook's model, its initial weights drawn from `seed`, and its summary. */
export function buildModel(seed: number, print: Print): tfl.Sequential {
  print(cellHeading(2, 'model = Sequential([Flatten, Dense(128, relu), Dropout(0.2), Dense(10)])'));
  const model = createMnistMlp({ seed });
  print(summary(model));
  return model;
}
