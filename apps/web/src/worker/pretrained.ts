// The pretrained convnet of @mnist-wasm/model: the page's model from start-up, so the pad answers
// before any training.
import { loadPretrainedMnist, PRETRAINED_MNIST } from '@mnist-wasm/model';
import type * as tfl from '@tensorflow/tfjs-layers';

/** How the page names the pretrained model. */
export const PRETRAINED_NAME = PRETRAINED_MNIST.name;

/**
 * The pretrained convnet, or undefined when it cannot be built: the page then waits for a run or
 * a load to draw with, and everything else still works.
 */
export async function loadPretrained(): Promise<tfl.LayersModel | undefined> {
  try {
    return await loadPretrainedMnist();
  } catch (error) {
    console.warn('the pretrained model did not load:', error);
    return undefined;
  }
}
