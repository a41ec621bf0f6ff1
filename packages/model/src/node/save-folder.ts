import { copyFile, link, open, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { NonFiniteWeightError, SavedModelWriteError } from '../errors';
import { firstNonFiniteWeight } from '../finite-weights';
import { MODEL_JSON, modelJsonOf, WEIGHTS_BIN, weightBytesOf } from '../model-files';
import { createFolder } from './folder-path';
import { withSaveLock } from './save-lock';
import { isTempFile, removeStaleTempFiles, tempSuffix, weightFilesNamed } from './temp-files';

/**
 * Writes model artifacts to `dir` as `model.json` + `weights.bin`, creating the folder if needed.
 *
 * A save killed at any point leaves a folder that loads, as the old model or the new one: every
 * file is written under a temporary name and flushed first, and `model.json`, which names the
 * weight file, is only ever replaced by a rename (atomic), pointing at weights that are complete:
 *
 *   1. new weights -> `weights.bin.<tmp>`; `model.json` -> the old model, as before;
 *   2. `model.json` naming `weights.bin.<tmp>` replaces `model.json` (now the new model);
 *   3. `weights.bin.<tmp>` is linked (or copied) to `weights.bin`, replacing the old weights;
 *   4. `model.json` naming `weights.bin` replaces `model.json`; `weights.bin.<tmp>` is removed.
 *
 * Saves into one folder, from this process or others, take turns (`withSaveLock`), so its files
 * always come from one save. Temporary files that killed saves left in the folder are removed
 * first (only those of processes that no longer exist, and never one `model.json` names); a save
 * that fails before `model.json` names its temporary weights (a full disk) removes them, and the
 * folders it created. Weights holding NaN or Infinity are refused before anything is written.
 */
export async function saveModelFolder(
  dir: string,
  artifacts: tf.io.ModelArtifacts,
): Promise<tf.io.SaveResult> {
  const json = modelJsonOf(artifacts, WEIGHTS_BIN, dir);
  const weights = weightBytesOf(artifacts);
  const bad = firstNonFiniteWeight(artifacts.weightSpecs ?? [], weights);
  if (bad) {
    throw new NonFiniteWeightError(
      dir,
      bad.name,
      `Refusing to save the model to ${dir}: its weight '${bad.name}' holds ${bad.count} NaN or ` +
        'infinite value(s), so the model predicts nothing useful (training diverged: lower ' +
        'the learning rate or check the data). Nothing was written; a model already in the ' +
        'folder is kept.',
    );
  }
  const modelJson = (weightsFile: string): Uint8Array =>
    new TextEncoder().encode(
      JSON.stringify({
        ...json,
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
      }),
    );

  const created = await createFolder(dir);
  try {
    await withSaveLock(dir, () => writeModelFiles(dir, weights, modelJson));
  } catch (error) {
    // A save that wrote no model leaves no folder it created (innermost first; only empty ones go).
    for (const folder of created.reverse()) await rmdir(folder).catch(() => undefined);
    throw error;
  }
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

/** Writes `bytes` to `temp` and renames it over `model.json`: the one step that switches models. */
async function replaceModelJson(dir: string, temp: string, bytes: Uint8Array): Promise<void> {
  await writeFlushed(temp, bytes);
  await rename(temp, join(dir, MODEL_JSON));
}

/** A second name for `file`: a hard link, or a copy where the file system has no links. */
async function linkOrCopy(file: string, name: string): Promise<void> {
  await link(file, name).catch(() => copyFile(file, name));
}

/** Writes and fsyncs a file, so the rename that follows never exposes unwritten bytes after a crash. */
async function writeFlushed(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Steps 1-4 of {@link saveModelFolder}, run holding the folder's save lock. */
async function writeModelFiles(
  dir: string,
  weights: Uint8Array,
  modelJson: (weightsFile: string) => Uint8Array,
): Promise<void> {
  const suffix = tempSuffix();
  const weightsTemp = WEIGHTS_BIN + suffix;
  const weightsLink = `${WEIGHTS_BIN}.link${suffix}`;
  const jsonTemp = join(dir, MODEL_JSON + suffix);
  // Until model.json names the temporary weights, a failed save removes them (a full disk).
  let weightsNamed = false;
  try {
    await removeStaleTempFiles(dir);
    // Temporary weights an interrupted save left model.json naming: unused once this save is done.
    const previous = [...(await weightFilesNamed(join(dir, MODEL_JSON)))].filter(isTempFile);
    await writeFlushed(join(dir, weightsTemp), weights);
    await replaceModelJson(dir, jsonTemp, modelJson(weightsTemp));
    weightsNamed = true;
    await linkOrCopy(join(dir, weightsTemp), join(dir, weightsLink));
    await rename(join(dir, weightsLink), join(dir, WEIGHTS_BIN));
    await replaceModelJson(dir, jsonTemp, modelJson(WEIGHTS_BIN));
    await Promise.all(
      [weightsTemp, ...previous].map((name) => rm(join(dir, name), { force: true })),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SavedModelWriteError(
      dir,
      `Could not save the model to ${dir} (${reason}); check that the folder is writable, ` +
        'has free space and has no folder named model.json or weights.bin, then save again.',
      { cause: error },
    );
  } finally {
    // Gone already after a successful rename; left over only when a step failed. A failing removal
    // (the folder is not there, or not a folder) must not replace the error being thrown.
    const leftovers = [join(dir, weightsLink), jsonTemp];
    if (!weightsNamed) leftovers.push(join(dir, weightsTemp));
    await Promise.all(leftovers.map((file) => rm(file, { force: true }).catch(() => undefined)));
  }
}
