import type * as tf from '@tensorflow/tfjs-core';
import { SavedModelFormatError, SavedModelNotFoundError } from './errors';
import { MODEL_JSON, MODEL_JSON_MAX_BYTES } from './model-files';
import { weightByteLength } from './weight-byte-length';

/**
 * A file a user picked, as a browser's `File` has it, or a plain object in tests: its name, its
 * size in bytes and a way to read its bytes.
 */
export interface PickedModelFile {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Picked files that passed {@link checkModelFiles}, in the order `tf.io.browserFiles` wants. */
export interface CheckedModelFiles<F extends PickedModelFile> {
  /** The `model.json` picked. */
  json: F;
  /** The parsed `model.json`. */
  modelJson: tf.io.ModelJSON;
  /**
   * One weight file per path of the manifest, in the manifest's order. A renamed file (the
   * browser's `weights (1).bin`) is wrapped in a `File` of the manifest's name when `File` exists.
   */
  weights: (F | File)[];
}

// A browser saves a second download of `weights.bin` as `weights (1).bin`: the same stem and
// extension with a counter, which is what a file picked for a missing path may differ by.
function baseOf(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  const raw = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  return { stem: raw.replace(/\s*\(\d+\)$/, '').replace(/-\d+$/, ''), ext };
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Checks the files a user picked to load a model, before TF.js reads them, so a wrong pick gets a
 * message naming the file and what to do rather than a TF.js internal error, a hang or a model
 * with random weights. Reads only `model.json`'s text; weight files are checked by their size.
 *
 * Accepted: exactly one `.json` file, holding JSON with `modelTopology` and `weightsManifest` (a
 * TF.js layers model), and for every path of the manifest a picked file of that name (or, when
 * none has it, the only picked file that differs from it by a browser's counter, e.g.
 * `weights (1).bin`) whose size is the byte length its weights need (sum over the weights of the
 * product of the shape times the dtype's size).
 *
 * @param files - The picked files, e.g. an `<input type=file multiple>`'s `File`s.
 * @returns The `model.json`, its parsed content and the weight files in the manifest's order.
 * @throws SavedModelNotFoundError when no `.json` is picked or a weight file of the manifest is
 *   missing (`path` names the missing file).
 * @throws SavedModelFormatError when more than one `.json` is picked, `model.json` is larger than
 *   `MODEL_JSON_MAX_BYTES` (it is then not read), is not JSON or not a layers model, a weight file
 *   has the wrong size, or two picked files could stand for one missing weight file.
 */
export async function checkModelFiles<F extends PickedModelFile>(
  files: readonly F[],
): Promise<CheckedModelFiles<F>> {
  const jsons = files.filter((file) => file.name.toLowerCase().endsWith('.json'));
  if (jsons.length === 0) {
    throw new SavedModelNotFoundError(
      MODEL_JSON,
      `No ${MODEL_JSON} among the picked files (${files.map((f) => f.name).join(', ')}): ` +
        `pick the ${MODEL_JSON} saved with the model and its weight file together.`,
    );
  }
  if (jsons.length > 1) {
    throw new SavedModelFormatError(
      jsons[0]!.name,
      `Picked ${jsons.length} .json files (${jsons.map((f) => f.name).join(', ')}): ` +
        'pick one model.json and its weight file(s).',
    );
  }
  const json = jsons[0]!;
  if (json.size > MODEL_JSON_MAX_BYTES) {
    throw new SavedModelFormatError(
      json.name,
      `${json.name} holds ${json.size.toLocaleString('en-US')} bytes, more than the ` +
        `${MODEL_JSON_MAX_BYTES.toLocaleString('en-US')} a layers model.json can need, so it is ` +
        'not read: pick the model.json saved with the model.',
    );
  }
  const modelJson = parseModelJson(json.name, await readText(json));
  const others = files.filter((file) => file !== json);
  const weights: (F | File)[] = [];
  const used = new Set<F>();
  for (const group of modelJson.weightsManifest) {
    for (const path of group.paths) {
      const name = fileName(path);
      const file = findWeightFile(name, others, used, json.name);
      used.add(file);
      weights.push(file.name === name ? file : renamed(file, name));
    }
  }
  checkWeightSizes(modelJson, weights, json.name);
  return { json, modelJson, weights };
}

async function readText(file: PickedModelFile): Promise<string> {
  return new TextDecoder().decode(await file.arrayBuffer());
}

function parseModelJson(name: string, text: string): tf.io.ModelJSON {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SavedModelFormatError(
      name,
      `${name} is not valid JSON (${(error as Error).message}): pick the model.json saved with ` +
        'the model, not another file.',
      { cause: error },
    );
  }
  const json = parsed as Partial<tf.io.ModelJSON> | null;
  const isObject = typeof json === 'object' && json !== null && !Array.isArray(json);
  if (!isObject || typeof json.modelTopology !== 'object' || json.modelTopology === null) {
    throw new SavedModelFormatError(
      name,
      `${name} is JSON but not a TensorFlow.js layers model (no "modelTopology"): pick the ` +
        'model.json that Save or the notebook app wrote.',
    );
  }
  const manifest = json.weightsManifest;
  const valid =
    Array.isArray(manifest) &&
    manifest.every(
      (group) =>
        Array.isArray(group?.paths) &&
        group.paths.every((path) => typeof path === 'string') &&
        Array.isArray(group.weights) &&
        group.weights.every((spec) => Array.isArray(spec?.shape) && typeof spec.dtype === 'string'),
    );
  if (!valid) {
    throw new SavedModelFormatError(
      name,
      `${name} has no valid "weightsManifest" (the list of weight files and their shapes): ` +
        'pick the model.json that Save or the notebook app wrote.',
    );
  }
  return json as tf.io.ModelJSON;
}

function findWeightFile<F extends PickedModelFile>(
  name: string,
  others: readonly F[],
  used: ReadonlySet<F>,
  jsonName: string,
): F {
  const exact = others.find((file) => file.name === name && !used.has(file));
  if (exact) return exact;
  const want = baseOf(name);
  const candidates = others.filter((file) => {
    if (used.has(file)) return false;
    const got = baseOf(file.name);
    return got.stem === want.stem && got.ext === want.ext;
  });
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    throw new SavedModelFormatError(
      name,
      `${jsonName} needs ${name}, and ${candidates.map((f) => f.name).join(' and ')} could ` +
        `each be it: pick only the one saved with this ${jsonName}.`,
    );
  }
  throw new SavedModelNotFoundError(
    name,
    `${jsonName} needs the weight file ${name}, which was not picked: pick ${jsonName} and ` +
      `${name} together (hold Ctrl or Shift to pick both).`,
  );
}

function checkWeightSizes(
  modelJson: tf.io.ModelJSON,
  weights: readonly PickedModelFile[],
  jsonName: string,
): void {
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const expected = weightByteLength(specs);
  if (expected === undefined) return; // string weights: no size to compare
  const actual = weights.reduce((sum, file) => sum + file.size, 0);
  if (actual === expected) return;
  const names = weights.map((file) => file.name).join(' + ');
  throw new SavedModelFormatError(
    weights[0]?.name ?? jsonName,
    `${names} ${weights.length === 1 ? 'has' : 'have'} ${actual.toLocaleString('en-US')} bytes, ` +
      `but the weights ${jsonName} describes need ${expected.toLocaleString('en-US')}: pick the ` +
      `weight file saved with this ${jsonName}.`,
  );
}

function renamed<F extends PickedModelFile>(file: F, name: string): F | File {
  // tf.io.browserFiles matches weight files by name; a File of the manifest's name keeps the bytes.
  if (typeof File === 'function' && file instanceof Blob) return new File([file], name);
  return file;
}
