import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SavedModelWriteError } from '../errors';
import { MODEL_JSON, WEIGHTS_BIN } from './model-files';

/**
 * Writes model artifacts to `dir` as `model.json` + `weights.bin`, creating the folder if needed.
 *
 * Each file is written to a temporary name in the folder, flushed, then renamed into place. An
 * existing `model.json` is removed before the new weights land and the new one is renamed in last,
 * so an interrupted save leaves either the old model, no `model.json`, or the new model: never a
 * `model.json` next to weights of another save, and never a half-written file under a final name.
 */
export async function saveModelFolder(
  dir: string,
  artifacts: tf.io.ModelArtifacts,
): Promise<tf.io.SaveResult> {
  const topology = artifacts.modelTopology;
  if (topology === undefined || topology instanceof ArrayBuffer) {
    throw new SavedModelWriteError(
      dir,
      `Cannot save to ${dir}: the artifacts have ${topology ? 'a binary (graph model)' : 'no'} ` +
        'topology; only layers models with a JSON topology can be saved to a folder.',
    );
  }
  const weightData = artifacts.weightData ?? new ArrayBuffer(0);
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData));
  const modelJson: tf.io.ModelJSON = {
    modelTopology: topology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-core v${tf.version_core}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.trainingConfig && { trainingConfig: artifacts.trainingConfig }),
    ...(artifacts.signature && { signature: artifacts.signature }),
    ...(artifacts.userDefinedMetadata && { userDefinedMetadata: artifacts.userDefinedMetadata }),
    ...(artifacts.modelInitializer && { modelInitializer: artifacts.modelInitializer }),
  };

  const suffix = `.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  const weightsTemp = join(dir, WEIGHTS_BIN + suffix);
  const jsonTemp = join(dir, MODEL_JSON + suffix);
  try {
    await mkdir(dir, { recursive: true });
    await writeFlushed(weightsTemp, weights);
    await writeFlushed(jsonTemp, new TextEncoder().encode(JSON.stringify(modelJson)));
    await rm(join(dir, MODEL_JSON), { force: true });
    await rename(weightsTemp, join(dir, WEIGHTS_BIN));
    await rename(jsonTemp, join(dir, MODEL_JSON));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SavedModelWriteError(
      dir,
      `Could not save the model to ${dir} (${reason}); check that the folder is writable, ` +
        'has free space and has no folder named model.json or weights.bin, then save again.',
      { cause: error },
    );
  } finally {
    // Gone already after a successful rename; left over only when a step failed.
    await Promise.all([rm(weightsTemp, { force: true }), rm(jsonTemp, { force: true })]);
  }
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
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
