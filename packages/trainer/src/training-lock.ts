import type { LayersModel } from '@tensorflow/tfjs-layers';
import { ConcurrentTrainingError } from './errors';

/** The models a `train` call is running on right now. */
const training = new WeakSet<LayersModel>();

/**
 * Marks `model` as being trained until the returned function is called, so that a second `train`
 * on it cannot interleave its updates with the first's. Call the returned release in a `finally`.
 *
 * @throws ConcurrentTrainingError when another call holds `model`.
 */
export function lockForTraining(model: LayersModel, caller: string): () => void {
  if (training.has(model)) throw new ConcurrentTrainingError(caller);
  training.add(model);
  return () => {
    training.delete(model);
  };
}
