// Save and Load of the page's model: its files (the same model.json as the notebook app's
// saveModel writes) and IndexedDB.
import { checkModelFiles, modelFiles } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { INDEXED_DB_URL, type MessageOf } from '../protocol';

/** Stores `model` in IndexedDB and returns its files to download: the `saved` message. */
export async function saveModel(model: tfl.LayersModel): Promise<MessageOf<'saved'>> {
  const { modelJson, weights, weightsName } = await modelFiles(model);
  await model.save(INDEXED_DB_URL);
  const json = JSON.stringify(modelJson);
  return { type: 'saved', modelJson: json, weights, weightsName, indexedDb: INDEXED_DB_URL };
}

/** Whether IndexedDB holds the model Save stores; false where IndexedDB cannot be read. */
export async function hasStoredModel(): Promise<boolean> {
  try {
    return INDEXED_DB_URL in (await tf.io.listModels());
  } catch {
    // A browser that refuses IndexedDB (private mode, storage off): nothing to load from it.
    return false;
  }
}

/**
 * Where Load reads a model from: the files the user picked (one `model.json` and its weight
 * files), or IndexedDB when there are none; and how to name that source in the status line.
 * Picked files are checked first (`checkModelFiles`), since TF.js's reader throws outside any
 * promise on a broken `model.json` and loads a model without its weights with random ones.
 *
 * @throws SavedModelFormatError, SavedModelNotFoundError (from `@mnist-wasm/model`) for files
 *   that do not form a layers model, with a message naming the file and what to pick.
 */
export async function modelSource(
  files: File[],
): Promise<{ handler: tf.io.IOHandler | string; from: string }> {
  if (files.length === 0) return { handler: INDEXED_DB_URL, from: INDEXED_DB_URL };
  const { json, weights } = await checkModelFiles(files);
  return {
    handler: tf.io.browserFiles([json, ...weights]),
    from: files.map((file) => file.name).join(' + '),
  };
}
