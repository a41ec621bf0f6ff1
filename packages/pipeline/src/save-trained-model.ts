import { type ClassifierMetadata, setClassifierMetadata } from '@mnist-wasm/model';
import { saveModel } from '@mnist-wasm/model/node';
import type * as tfl from '@tensorflow/tfjs-layers';

/** What {@link saveTrainedModel} wrote. */
export interface SavedModelFiles {
  /** The folder: `model.json` and `weights.bin` in it. */
  dir: string;
  /** Size of `weights.bin` in bytes. */
  weightBytes: number;
}

/**
 * In [9]: `model.save(dir)` in TF.js's layers format (`model.json` + `weights.bin`), through
 * `saveModel` of `@mnist-wasm/model/node`. Node only: in a browser, write the model's files with
 * `@mnist-wasm/model`'s browser-safe function. With `metadata`, the class names (and data set)
 * are written into `model.json`, so `predict` names the classes (`Sneaker`, not `7`).
 *
 * @throws SavedModelWriteError (a SavedModelError) when the folder cannot be created or written;
 *   NonFiniteWeightError for a model with NaN or infinite weights. Nothing is half-written.
 *
 * @example
 * ```ts
 * const { weightBytes } = await saveTrainedModel(model, 'my-model');
 * ```
 */
export async function saveTrainedModel(
  model: tfl.LayersModel,
  dir: string,
  metadata?: ClassifierMetadata,
): Promise<SavedModelFiles> {
  if (metadata !== undefined) setClassifierMetadata(model, metadata);
  const { modelArtifactsInfo } = await saveModel(model, dir);
  return { dir, weightBytes: modelArtifactsInfo.weightDataBytes ?? 0 };
}
