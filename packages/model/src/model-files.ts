import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { SavedModelWriteError } from './errors';

/** The model description of a saved model: TF.js's layers `model.json`. */
export const MODEL_JSON = 'model.json';

/**
 * The largest `model.json` `loadModel` and `checkModelFiles` read: 32 MiB. A layers model's JSON
 * holds only the topology and the weights manifest, far smaller than this even for large models; a
 * bigger file is refused before it is read, so a damaged or foreign file cannot make a load
 * allocate without bound.
 */
export const MODEL_JSON_MAX_BYTES = 32 * 1024 * 1024;

/** The one weight file this package writes, as `model.json`'s manifest names it. */
export const WEIGHTS_BIN = 'weights.bin';

/** A layers model as the two files of TF.js's layers format. */
export interface ModelFiles {
  /**
   * The content of `model.json`: `modelTopology`, `format`, `generatedBy`, `convertedBy`,
   * `weightsManifest` (one group naming {@link weightsName}), and `trainingConfig`, `signature`,
   * `userDefinedMetadata`, `modelInitializer` when the model has them. Write it with
   * `JSON.stringify`.
   */
  modelJson: tf.io.ModelJSON;
  /** All weights concatenated, little-endian, in the manifest's order: the weight file's bytes. */
  weights: Uint8Array;
  /** The weight file's name, as the manifest names it: {@link WEIGHTS_BIN} unless asked otherwise. */
  weightsName: string;
}

/**
 * The `model.json` of `artifacts` naming `weightsName` as its one weight file: every key the
 * artifacts carry, so a model saved anywhere loads with the same topology, training config,
 * signature and metadata.
 *
 * @param target - Where the files go (a folder, a download), named in the error.
 * @throws SavedModelWriteError when the artifacts have no topology or a binary (graph model) one.
 */
export function modelJsonOf(
  artifacts: tf.io.ModelArtifacts,
  weightsName: string,
  target: string,
): tf.io.ModelJSON {
  const topology = artifacts.modelTopology;
  if (topology === undefined || topology instanceof ArrayBuffer) {
    throw new SavedModelWriteError(
      target,
      `Cannot save to ${target}: the artifacts have ${topology ? 'a binary (graph model)' : 'no'} ` +
        'topology; only layers models with a JSON topology can be saved as model.json and weights.',
    );
  }
  return {
    modelTopology: topology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-core v${tf.version_core}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsName], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.trainingConfig && { trainingConfig: artifacts.trainingConfig }),
    ...(artifacts.signature && { signature: artifacts.signature }),
    ...(artifacts.userDefinedMetadata && { userDefinedMetadata: artifacts.userDefinedMetadata }),
    ...(artifacts.modelInitializer && { modelInitializer: artifacts.modelInitializer }),
  };
}

/** The weight file's bytes of `artifacts`: all weights concatenated, as the manifest lists them. */
export function weightBytesOf(artifacts: tf.io.ModelArtifacts): Uint8Array {
  return new Uint8Array(
    tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)),
  );
}

/**
 * A layers model's files in TF.js's layers format, in memory, in a browser, a Web Worker or Node:
 * what `saveModel` (`@mnist-wasm/model/node`) writes into a folder, key for key, for a page to
 * offer as downloads. `tf.loadLayersModel` loads them back (e.g. with `tf.io.browserFiles`), and
 * so does `loadModel` once they are in a folder.
 *
 * @param model - Any tfjs-layers model, e.g. a trained `createMnistMlp()`; it is not changed.
 * @param weightsName - The weight file's name in the manifest. Default {@link WEIGHTS_BIN}.
 * @returns `{ modelJson, weights, weightsName }`; see {@link ModelFiles}.
 * @throws SavedModelWriteError when the model does not serialize to a JSON topology.
 *
 * @example
 * ```ts
 * const { modelJson, weights, weightsName } = await modelFiles(model);
 * const json = new Blob([JSON.stringify(modelJson)], { type: 'application/json' });
 * const bin = new Blob([weights], { type: 'application/octet-stream' }); // saved as weightsName
 * ```
 */
export async function modelFiles(
  model: tfl.LayersModel,
  weightsName: string = WEIGHTS_BIN,
): Promise<ModelFiles> {
  let files: ModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      files = {
        modelJson: modelJsonOf(artifacts, weightsName, MODEL_JSON),
        weights: weightBytesOf(artifacts),
        weightsName,
      };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return files!;
}
