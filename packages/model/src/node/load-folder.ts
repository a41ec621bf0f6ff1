import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SavedModelFormatError, SavedModelNotFoundError } from '../errors';
import { MODEL_JSON_MAX_BYTES, readExactly, regularFileSize } from './bounded-read';
import { MODEL_JSON } from './model-files';
import { weightByteLength } from './weight-byte-length';

/**
 * Reads the artifacts of a model folder: `model.json` and the weight files its manifest lists, in
 * order (one `weights.bin` for folders saved here, shards for converter output). Checks that the
 * files exist, that `model.json` is a layers-model JSON and that the weights have the manifest's size.
 * Only regular files are read, `model.json` up to {@link MODEL_JSON_MAX_BYTES} and the weight files
 * only when their sizes add up to what the manifest describes, so no file makes a load unbounded.
 */
export async function loadModelFolder(dir: string): Promise<tf.io.ModelArtifacts> {
  await checkIsFolder(dir);
  const jsonFile = join(dir, MODEL_JSON);
  const modelJson = parseModelJson(jsonFile, await readModelJson(jsonFile, dir));
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const files = manifest.flatMap((group) => group.paths).map((path) => join(dir, path));
    // Sizes first: only regular files are read, and only the bytes the manifest accounts for.
    const sizes = await Promise.all(files.map((file) => regularFileSize(file, dir)));
    const byteLength = sizes.reduce((sum, size) => sum + size, 0);
    const expected = weightByteLength(specs);
    if (expected !== undefined && byteLength !== expected) {
      throw new SavedModelFormatError(
        files.length === 1 ? files[0]! : dir,
        `${files.join(', ')} ${files.length === 1 ? 'holds' : 'hold'} ${byteLength} bytes but ` +
          `${jsonFile} describes ${expected} bytes of weights: the files are cut short or come ` +
          'from different saves. Save the model again.',
      );
    }
    // Read straight into one contiguous buffer: TF.js wants a whole ArrayBuffer.
    const weightData = new Uint8Array(byteLength);
    let offset = 0;
    for (const [i, file] of files.entries()) {
      await readExactly(file, dir, weightData, offset, sizes[i]!);
      offset += sizes[i]!;
    }
    return [specs, weightData.buffer];
  });
}

/** `model.json`'s bytes, refused unread when it is not a regular file or exceeds the size cap. */
async function readModelJson(file: string, dir: string): Promise<Uint8Array> {
  const size = await regularFileSize(file, dir);
  if (size > MODEL_JSON_MAX_BYTES) {
    throw new SavedModelFormatError(
      file,
      `${file} holds ${size} bytes, more than the ${MODEL_JSON_MAX_BYTES} bytes ` +
        `(MODEL_JSON_MAX_BYTES) a layers model.json can need, so it is not read: it is not a ` +
        'model description. Save the model again.',
    );
  }
  const bytes = new Uint8Array(size);
  await readExactly(file, dir, bytes, 0, size);
  return bytes;
}

async function checkIsFolder(dir: string): Promise<void> {
  const stats = await stat(dir).catch(() => undefined);
  if (!stats) {
    throw new SavedModelNotFoundError(
      dir,
      `No saved model at ${dir}: the folder does not exist. Check the path, or save a model ` +
        'there first (saveModel(model, dir), or mnist-notebook --save DIR).',
    );
  }
  if (!stats.isDirectory()) {
    throw new SavedModelNotFoundError(
      dir,
      `${dir} is a file, not a model folder: pass the folder that holds ${MODEL_JSON}.`,
    );
  }
}

function parseModelJson(file: string, bytes: Uint8Array): tf.io.ModelJSON {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new SavedModelFormatError(
      file,
      `${file} is not valid JSON (${(error as Error).message}): the file is corrupt. ` +
        'Save the model again.',
      { cause: error },
    );
  }
  const notLayersModel = (what: string) =>
    new SavedModelFormatError(file, `${file} is not a TF.js layers model.json: ${what}.`);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw notLayersModel('it is not a JSON object');
  }
  const json = parsed as Partial<Record<keyof tf.io.ModelJSON, unknown>>;
  if (json.format !== undefined && json.format !== 'layers-model') {
    throw notLayersModel(
      `its format is '${String(json.format)}' (a graph model loads with tf.loadGraphModel)`,
    );
  }
  if (typeof json.modelTopology !== 'object' || json.modelTopology === null) {
    throw notLayersModel("it has no 'modelTopology' object");
  }
  if (!Array.isArray(json.weightsManifest) || !json.weightsManifest.every(isWeightGroup)) {
    throw notLayersModel(
      "its 'weightsManifest' is not a list of { paths: [file names], weights: [specs] }",
    );
  }
  for (const path of json.weightsManifest.flatMap((group) => group.paths)) {
    if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
      throw notLayersModel(`its weight path '${path}' points outside the model folder`);
    }
  }
  return json as tf.io.ModelJSON;
}

function isWeightGroup(value: unknown): value is tf.io.WeightsManifestConfig[number] {
  const group = value as Partial<tf.io.WeightsManifestConfig[number]> | null;
  return (
    typeof group === 'object' &&
    group !== null &&
    Array.isArray(group.paths) &&
    group.paths.every((path) => typeof path === 'string') &&
    Array.isArray(group.weights) &&
    group.weights.every(
      (spec) => typeof spec?.name === 'string' && Array.isArray(spec.shape) && !!spec.dtype,
    )
  );
}
