import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ModelError, SavedModelFormatError } from '../errors';
import { MODEL_JSON } from '../model-files';
import type { MODEL_JSON_MAX_BYTES } from './bounded-read';
import { fileSystem } from './file-system';
import type { checkModelFolderWritable } from './writable-folder';

/**
 * Saves a layers model (topology and weights, no optimizer state) to a folder as TF.js's
 * `model.json` + `weights.bin`; see {@link fileSystem} for the format and the atomic replace.
 *
 * @param model - Any tfjs-layers model, e.g. a trained `createMnistMlp()`.
 * @param dir - The folder to write; created if missing, a model already in it is replaced.
 * @returns TF.js's save result: `modelArtifactsInfo` with `weightDataBytes` and topology size.
 * @throws SavedModelWriteError when the folder cannot be created or written (the cause is kept
 *   in `cause`), something on its path is not a folder (a file, a device such as `/dev/null`), or
 *   another live process has held its lock for longer than 30 s.
 * @throws NonFiniteWeightError when a weight holds NaN or Infinity, naming it; nothing is written.
 *
 * Saves into one folder take turns (a lock file, `.save.lock`, held while writing; saves from
 * one process queue), so the folder's files always come from one save. Temporary files left in
 * `dir` by saves that were killed part way are removed (only those whose process no longer
 * exists); a failed save (a full disk) removes its own, and the folders it created. To find a bad
 * folder before long training, call {@link checkModelFolderWritable} first.
 *
 * @example
 * ```ts
 * import { createMnistMlp } from '@mnist-wasm/model';
 * import { saveModel } from '@mnist-wasm/model/node';
 *
 * const model = createMnistMlp({ seed: 1 });
 * const { modelArtifactsInfo } = await saveModel(model, 'models/mnist');
 * modelArtifactsInfo.weightDataBytes; // 407080: 101,770 float32 weights
 * ```
 */
export function saveModel(model: tfl.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  return model.save(fileSystem(dir));
}

/**
 * Loads a layers model from a folder holding `model.json` and its weight files, as saved by
 * {@link saveModel}, `model.save('downloads://...')` or the TF.js converter. The model predicts
 * exactly as the saved one did; layer and weight names are the saved ones. A load while another
 * process saves into the folder gets the old model or the new one whole (it starts again when
 * `model.json` is replaced while it reads).
 *
 * @param dir - The model folder.
 * @returns An uncompiled `tf.LayersModel`, owned by the caller (dispose it).
 * @throws SavedModelNotFoundError when the folder, `model.json` or a weight file is missing.
 * @throws SavedModelFormatError when `model.json` is not valid layers-model JSON or is larger than
 *   {@link MODEL_JSON_MAX_BYTES}, `model.json` or a weight file is not a regular file (a device, a
 *   pipe, a folder), the weight file sizes do not add up to what the manifest describes (checked
 *   before any weight is read), the manifest names a weight file twice, or tfjs-layers cannot
 *   build the topology it describes.
 * @throws NonFiniteWeightError when a float32 weight holds NaN or Infinity, naming it and its
 *   file: such a model predicts wrongly, often with finite outputs, so it is not returned.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { loadModel } from '@mnist-wasm/model/node';
 *
 * const model = await loadModel('models/mnist');
 * const logits = model.predict(tf.zeros([1, 28, 28])) as tf.Tensor; // [1, 10]
 * ```
 */
export async function loadModel(dir: string): Promise<tfl.LayersModel> {
  try {
    return await tfl.loadLayersModel(fileSystem(dir));
  } catch (error) {
    if (error instanceof ModelError) throw error;
    throw new SavedModelFormatError(
      dir,
      `${dir}/${MODEL_JSON} does not describe a model tfjs-layers can build ` +
        `(${(error as Error).message}). Save the model again.`,
      { cause: error },
    );
  }
}
