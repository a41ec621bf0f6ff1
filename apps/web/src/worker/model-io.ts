// Save and Load of the page's model: its files (the same model.json as the notebook app's
// saveModel writes) and IndexedDB.
import { modelFiles } from '@mnist-wasm/model';
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

/**
 * Where Load reads a model from: the files the user picked (one `model.json` and its weight
 * files), or IndexedDB when there are none; and how to name that source in the status line.
 */
export function modelSource(files: File[]): { handler: tf.io.IOHandler | string; from: string } {
  if (files.length === 0) return { handler: INDEXED_DB_URL, from: INDEXED_DB_URL };
  const json = files.filter((file) => file.name.endsWith('.json'));
  if (json.length !== 1) throw new Error('pick one model.json and its weight file(s)');
  const weights = files.filter((file) => file !== json[0]);
  return {
    handler: tf.io.browserFiles([json[0]!, ...weights]),
    from: files.map((file) => file.name).join(' + '),
  };
}
