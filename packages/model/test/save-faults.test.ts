import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useCpuBackend, useTempFolder } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createMnistMlp } from '../src';
import {
  checkModelFolderWritable,
  loadModel,
  NonFiniteWeightError,
  SavedModelWriteError,
  saveModel,
} from '../src/node';
import { predictions, rejection } from './fixtures';

useCpuBackend();

const temp = useTempFolder('mnist-model-faults-');

const folder = () => temp.next('model');

// saveModel's faults: a bad destination, a folder it cannot write, non-finite weights.
describe('saveModel to a bad destination', () => {
  it('throws SavedModelWriteError (not the temp-file cleanup error) for a folder under a file', async () => {
    const file = join(temp.path(), 'plain-file');
    await writeFile(file, 'not a folder\n');
    const dir = join(file, 'model');
    const model = createMnistMlp({ seed: 1 });
    const error = await rejection(saveModel(model, dir));
    model.dispose();
    expect(error).toBeInstanceOf(SavedModelWriteError);
    expect((error as SavedModelWriteError).path).toBe(dir);
    expect(error.message).toContain(`${file} is a file, not a folder`);
    expect(await readFile(file, 'utf8')).toBe('not a folder\n');
  });

  it('throws SavedModelWriteError at once for /proc/m and /dev/null/m, creating nothing', async () => {
    const model = createMnistMlp({ seed: 1 });
    for (const [dir, text] of [
      ['/proc/m', 'the folder /proc/m cannot be created'],
      ['/proc/m/deeper', 'the folder /proc/m cannot be created'],
      ['/dev/null/m', '/dev/null is a device, not a folder'],
      ['/dev/null', '/dev/null is a device, not a folder'],
    ] as const) {
      const error = await rejection(saveModel(model, dir));
      expect(error, dir).toBeInstanceOf(SavedModelWriteError);
      expect((error as SavedModelWriteError).path).toBe(dir);
      expect(error.message).toContain(text);
    }
    model.dispose();
    await expect(stat('/proc/m')).rejects.toThrow();
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
  });

  it('removes its temporary weights when it fails before model.json names them', async () => {
    const parent = folder();
    const dir = join(parent, 'made', 'here');
    await mkdir(dir, { recursive: true });
    // A folder named model.json: the rename of the new model.json over it fails.
    await mkdir(join(dir, 'model.json', 'blocker'), { recursive: true });
    const model = createMnistMlp({ seed: 1 });
    const error = await rejection(saveModel(model, dir));
    expect(error).toBeInstanceOf(SavedModelWriteError);
    expect(await readdir(dir)).toEqual(['model.json']);
    model.dispose();
  });

  it('throws SavedModelWriteError for a folder no file can be written in', async () => {
    const dir = await temp.unwritable();
    const model = createMnistMlp({ seed: 1 });
    const error = await rejection(saveModel(model, dir));
    model.dispose();
    expect(error).toBeInstanceOf(SavedModelWriteError);
    expect(error.message).toContain(dir);
  });
});

describe('checkModelFolderWritable', () => {
  it('creates nothing: neither a missing folder nor its parents, nor a probe', async () => {
    const outer = folder();
    const before = (await readdir(temp.path())).sort();
    await checkModelFolderWritable(join(outer, 'nested', 'deeper'));
    expect((await readdir(temp.path())).sort()).toEqual(before);
    await mkdir(outer);
    await checkModelFolderWritable(outer);
    expect(await readdir(outer)).toEqual([]);
  });

  it('names a folder under a file, one that cannot be created, and one not writable', async () => {
    const file = join(temp.path(), 'another-file');
    await writeFile(file, 'x');
    const unwritable = await temp.unwritable();
    for (const [dir, text] of [
      [join(file, 'model'), `${file} is a file, not a folder`],
      [join(unwritable, 'model'), `no folder can be created in ${unwritable}`],
      [unwritable, 'a file cannot be written in it'],
      ['/proc/m', 'no folder can be created in /proc'],
      ['/dev/null/m', '/dev/null is a device, not a folder'],
    ] as const) {
      const error = await rejection(checkModelFolderWritable(dir));
      expect(error, dir).toBeInstanceOf(SavedModelWriteError);
      expect((error as SavedModelWriteError).path).toBe(dir);
      expect(error.message).toContain(`Cannot save a model to ${dir}: ${text}`);
    }
  });
});

describe('saveModel with non-finite weights', () => {
  it('refuses NaN or Infinity naming the weight, writing nothing and keeping the old model', async () => {
    const dir = folder();
    const good = createMnistMlp({ seed: 2 });
    await saveModel(good, dir);
    const expected = predictions(good);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const model = createMnistMlp({ seed: 3 });
      const [kernel, ...rest] = model.getWeights();
      const values = kernel!.dataSync().slice();
      values[5] = bad;
      const poisoned = tf.tensor(values, kernel!.shape);
      model.setWeights([poisoned, ...rest]);
      poisoned.dispose();
      const error = await rejection(saveModel(model, dir));
      expect(error).toBeInstanceOf(NonFiniteWeightError);
      expect((error as NonFiniteWeightError).weight).toBe(model.weights[0]!.originalName);
      expect(error.message).toContain(`'${model.weights[0]!.originalName}' holds 1 NaN`);
      expect(error.message).toContain(dir);
      // Not even a new folder.
      expect(await rejection(saveModel(model, join(temp.path(), 'never-made')))).toBeInstanceOf(
        NonFiniteWeightError,
      );
      await expect(readdir(join(temp.path(), 'never-made'))).rejects.toThrow();
      model.dispose();
    }
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const restored = await loadModel(dir);
    expect(predictions(restored)).toEqual(expected);
    restored.dispose();
    good.dispose();
  });
});
