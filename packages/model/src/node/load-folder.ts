import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as tf from '@tensorflow/tfjs-core';
import { NonFiniteWeightError, SavedModelFormatError, SavedModelNotFoundError } from '../errors';
import { firstNonFiniteWeight, type NonFiniteWeight } from '../finite-weights';
import { MODEL_JSON } from '../model-files';
import { weightByteLength } from '../weight-byte-length';
import { MODEL_JSON_MAX_BYTES, type OpenFile, openRegularFile, readExactly } from './bounded-read';

/**
 * How many times a load starts again when `model.json` was replaced while it was read (a save
 * into the folder); past this, the folder is being saved to without pause and the load gives up.
 */
const LOAD_ATTEMPTS = 50;

/**
 * Reads the artifacts of a model folder: `model.json` and the weight files its manifest lists, in
 * order (one `weights.bin` for folders saved here, shards for converter output). Checks that the
 * files exist, that `model.json` is a layers-model JSON naming each file once, that the weights
 * have the manifest's size, and that every float32 weight is finite.
 *
 * Only regular files are read, `model.json` up to {@link MODEL_JSON_MAX_BYTES} and the weight files
 * only when their sizes add up to what the manifest describes, so no file makes a load unbounded.
 * Each file is measured and read through one open handle, and `model.json` is checked to be the
 * same file after the weights were read; when a save replaced it meanwhile, the load starts
 * again, so a load during saves gets the old model or the new one whole.
 */
export async function loadModelFolder(dir: string): Promise<tf.io.ModelArtifacts> {
  await checkIsFolder(dir);
  const jsonFile = join(dir, MODEL_JSON);
  for (let attempt = 1; ; attempt++) {
    const json = await openRegularFile(jsonFile, dir);
    try {
      const read = await readArtifacts(dir, json).then(
        (artifacts) => ({ artifacts }),
        (error: unknown) => ({ error }),
      );
      if (await replacedSince(json)) {
        if (attempt < LOAD_ATTEMPTS) {
          await sleep(Math.min(attempt, 10));
          continue;
        }
        throw new SavedModelFormatError(
          jsonFile,
          `${jsonFile} was replaced ${LOAD_ATTEMPTS} times while the model was being loaded: ` +
            'something saves to the folder without pause. Load the model once the saves are done.',
        );
      }
      if ('error' in read) throw read.error;
      return read.artifacts;
    } finally {
      await json.handle.close().catch(() => undefined);
    }
  }
}

/** Whether `model.json` is no longer the file `json` has open: a save renamed another over it. */
async function replacedSince(json: OpenFile): Promise<boolean> {
  const now = await stat(json.file).catch(() => undefined);
  return now === undefined || now.ino !== json.stats.ino || now.dev !== json.stats.dev;
}

async function readArtifacts(dir: string, json: OpenFile): Promise<tf.io.ModelArtifacts> {
  const modelJson = parseModelJson(json.file, dir, await readModelJson(json, dir));
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const files = manifest.flatMap((group) => group.paths).map((path) => join(dir, path));
    const opened: OpenFile[] = [];
    try {
      for (const file of files) opened.push(await openRegularFile(file, dir));
      const weightData = await readWeights(dir, json.file, specs, opened);
      const bad = firstNonFiniteWeight(specs, weightData);
      if (bad) throw nonFinite(dir, bad, opened);
      return [specs, weightData.buffer as ArrayBuffer];
    } finally {
      await Promise.all(opened.map(({ handle }) => handle.close().catch(() => undefined)));
    }
  });
}

/** The weight files' bytes, concatenated: sizes first, so only what the manifest accounts for. */
async function readWeights(
  dir: string,
  jsonFile: string,
  specs: tf.io.WeightsManifestEntry[],
  opened: OpenFile[],
): Promise<Uint8Array> {
  const sizes = opened.map(({ stats }) => stats.size);
  const byteLength = sizes.reduce((sum, size) => sum + size, 0);
  const expected = weightByteLength(specs);
  if (expected !== undefined && byteLength !== expected) {
    const files = opened.map(({ file }) => file);
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
  for (const [i, file] of opened.entries()) {
    await readExactly(file, dir, weightData, offset, sizes[i]!);
    offset += sizes[i]!;
  }
  return weightData;
}

function nonFinite(dir: string, bad: NonFiniteWeight, opened: OpenFile[]): NonFiniteWeightError {
  // The file holding the weight's first byte.
  let end = 0;
  const file =
    opened.find(({ stats }) => {
      end += stats.size;
      return bad.offset < end;
    })?.file ?? dir;
  return new NonFiniteWeightError(
    file,
    bad.name,
    `The model in ${dir} cannot be used: its weight '${bad.name}' (in ${file}) holds ` +
      `${bad.count} NaN or infinite value(s), so its predictions would be wrong (often without ` +
      'any NaN in the output: ReLU turns NaN into 0). Train and save the model again, or load ' +
      'a copy saved before training diverged.',
  );
}

/** `model.json`'s bytes, refused unread when it exceeds the size cap. */
async function readModelJson(json: OpenFile, dir: string): Promise<Uint8Array> {
  const { file, stats } = json;
  if (stats.size > MODEL_JSON_MAX_BYTES) {
    throw new SavedModelFormatError(
      file,
      `${file} holds ${stats.size} bytes, more than the ${MODEL_JSON_MAX_BYTES} bytes ` +
        `(MODEL_JSON_MAX_BYTES) a layers model.json can need, so it is not read: it is not a ` +
        'model description. Save the model again.',
    );
  }
  const bytes = new Uint8Array(stats.size);
  await readExactly(json, dir, bytes, 0, stats.size);
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

function parseModelJson(file: string, dir: string, bytes: Uint8Array): tf.io.ModelJSON {
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
  const named = new Set<string>();
  for (const path of json.weightsManifest.flatMap((group) => group.paths)) {
    if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
      throw notLayersModel(`its weight path '${path}' points outside the model folder`);
    }
    // One file named twice would be counted, allocated and read twice: weights of a model never
    // share bytes, so such a manifest is refused before any size is added up.
    const file = join(dir, path);
    if (named.has(file)) {
      throw notLayersModel(
        `its weightsManifest names the weight file '${path}' more than once, and a weight file ` +
          'holds each weight once. Save the model again',
      );
    }
    named.add(file);
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
