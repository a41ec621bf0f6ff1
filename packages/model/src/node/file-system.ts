import type * as tf from '@tensorflow/tfjs-core';
import { loadModelFolder } from './load-folder';
import { saveModelFolder } from './save-folder';

/**
 * A TF.js IO handler for a model folder on disk, the Node counterpart of the browser's
 * `'indexeddb://'` and `'downloads://'` handlers (this project does not use tfjs-node, whose
 * `'file://'` handler needs native binaries).
 *
 * `save` writes TF.js's layers format: `model.json` (`modelTopology`, `format: 'layers-model'`,
 * `generatedBy`, `convertedBy`, `weightsManifest` naming `weights.bin`) and `weights.bin` (all
 * weights concatenated, little-endian). It creates the folder, and replaces a model already there
 * so that a save killed at any point leaves a folder that loads, as the old model or the new one.
 * `load` reads such a folder back (also converter output with sharded weight files). The files are
 * the ones `tf.loadLayersModel('https://.../model.json')` fetches in a browser.
 *
 * @param dir - The model folder, absolute or relative to the working directory.
 * @returns An `IOHandler` for `model.save(handler)` and `tf.loadLayersModel(handler)`.
 * @throws (from `save`) SavedModelWriteError when the folder cannot be created or written;
 *   NonFiniteWeightError when a weight holds NaN or Infinity.
 * @throws (from `load`) SavedModelNotFoundError when the folder, `model.json` or a weight file is
 *   missing; SavedModelFormatError when `model.json` is not layers-model JSON or too large, a file
 *   is not a regular file, the manifest names a file twice, or the weight bytes do not match it;
 *   NonFiniteWeightError when a weight holds NaN or Infinity.
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { fileSystem } from '@mnist-wasm/model/node';
 *
 * await model.save(fileSystem('models/mnist'));
 * const restored = await tfl.loadLayersModel(fileSystem('models/mnist'));
 * ```
 */
export function fileSystem(dir: string): tf.io.IOHandler {
  return {
    save: (artifacts) => saveModelFolder(dir, artifacts),
    load: () => loadModelFolder(dir),
  };
}
