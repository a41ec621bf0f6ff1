import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useCpuBackend, useTempFolder } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createMnistMlp } from '../src';
import {
  checkModelFolderWritable,
  fileSystem,
  loadModel,
  MODEL_JSON_MAX_BYTES,
  NonFiniteWeightError,
  SavedModelFormatError,
  SavedModelWriteError,
  saveModel,
} from '../src/node';

useCpuBackend();

const temp = useTempFolder('mnist-model-faults-');

const folder = () => temp.next('model');

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error as Error,
  );
}

function predictions(model: tfl.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(tf.ones([2, 28, 28])) as tf.Tensor).dataSync()));
}

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
    expect(error.message).toContain(`Could not save the model to ${dir}`);
    expect((error.cause as NodeJS.ErrnoException).code).toMatch(/ENOTDIR|EEXIST/);
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
  it('creates a missing folder and leaves it empty', async () => {
    const dir = join(folder(), 'nested', 'deeper');
    await checkModelFolderWritable(dir);
    expect(await readdir(dir)).toEqual([]);
  });

  it('names a folder under a file, one that cannot be created, and one not writable', async () => {
    const file = join(temp.path(), 'another-file');
    await writeFile(file, 'x');
    const unwritable = await temp.unwritable();
    for (const [dir, text] of [
      [join(file, 'model'), 'the folder cannot be created'],
      [join(unwritable, 'model'), 'the folder cannot be created'],
      [unwritable, 'a file cannot be written in it'],
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

describe('loadModel reads only bounded, regular files', () => {
  it('refuses weights.bin linked to /dev/zero without reading it', async () => {
    const dir = folder();
    const model = createMnistMlp({ seed: 4 });
    await saveModel(model, dir);
    model.dispose();
    await rm(join(dir, 'weights.bin'));
    await symlink('/dev/zero', join(dir, 'weights.bin'));
    const error = await rejection(loadModel(dir));
    expect(error).toBeInstanceOf(SavedModelFormatError);
    expect((error as SavedModelFormatError).path).toBe(join(dir, 'weights.bin'));
    expect(error.message).toContain('is not a regular file (it is a device)');
  });

  it('refuses model.json linked to /dev/zero', async () => {
    const dir = folder();
    await mkdir(dir);
    await symlink('/dev/zero', join(dir, 'model.json'));
    const error = await rejection(loadModel(dir));
    expect(error).toBeInstanceOf(SavedModelFormatError);
    expect(error.message).toContain('is not a regular file');
  });

  it('refuses a 1 GB model.json unread, naming the limit', async () => {
    const dir = folder();
    await mkdir(dir);
    const file = join(dir, 'model.json');
    await writeFile(file, '{');
    await truncate(file, 2 ** 30); // sparse: takes no disk space
    const heapBefore = process.memoryUsage().arrayBuffers;
    const error = await rejection(loadModel(dir));
    expect(error).toBeInstanceOf(SavedModelFormatError);
    expect(error.message).toContain(
      `${file} holds ${2 ** 30} bytes, more than the ${MODEL_JSON_MAX_BYTES}`,
    );
    // Nothing near the file's size was allocated.
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(MODEL_JSON_MAX_BYTES);
  });

  it('refuses a weights file longer than the manifest before reading it', async () => {
    const dir = folder();
    const model = createMnistMlp({ seed: 5 });
    await saveModel(model, dir);
    model.dispose();
    await truncate(join(dir, 'weights.bin'), 2 ** 30);
    const error = await rejection(loadModel(dir));
    expect(error).toBeInstanceOf(SavedModelFormatError);
    expect(error.message).toContain(`holds ${2 ** 30} bytes but`);
  });
});

describe('temporary files of killed saves', () => {
  /** The pid of a process that has exited. */
  async function deadPid(): Promise<number> {
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    return child.pid!;
  }

  it('removes those of dead processes at the next save and keeps those of live ones', async () => {
    const dir = folder();
    await mkdir(dir);
    const dead = await deadPid();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const live = sleeper.pid!;
      const stale = [`weights.bin.${dead}-0123abcd.tmp`, `model.json.${dead}-0123abcd.tmp`];
      const kept = [
        `weights.bin.${live}-89abcdef.tmp`,
        `model.json.${process.pid}-89abcdef.tmp`,
        `notes.${dead}-0123abcd.tmp`, // not a name a save writes
      ];
      for (const name of [...stale, ...kept]) await writeFile(join(dir, name), 'partial');
      const model = createMnistMlp({ seed: 6 });
      await saveModel(model, dir);
      model.dispose();
      expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin', ...kept].sort());
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('a save killed with SIGKILL leaves a loadable model, and its temp files go at the next save', async () => {
    const dir = folder();
    const model = createMnistMlp({ seed: 7 });
    await model.save(fileSystem(dir));
    const expected = predictions(model);
    const viteNode = join(
      dirname(
        createRequire(createRequire(import.meta.url).resolve('vitest/package.json')).resolve(
          'vite-node/package.json',
        ),
      ),
      'vite-node.mjs',
    );
    const childScript = fileURLToPath(new URL('./save-loop-child.ts', import.meta.url));
    // Kills at different moments of the save loop (checks/faults kills at more points, against
    // the built package; each round here starts the TypeScript sources anew, which is slow).
    for (let round = 0; round < 2; round++) {
      const child: ChildProcess = spawn(process.execPath, [viteNode, childScript, dir, '7'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [first] = (await once(child.stdout!, 'data')) as [Buffer];
      expect(first.toString()).toContain('saved');
      await new Promise((resolve) => setTimeout(resolve, 20 + 40 * round));
      child.kill('SIGKILL');
      await once(child, 'exit');
      const restored = await loadModel(dir);
      expect(predictions(restored)).toEqual(expected);
      restored.dispose();
    }
    await saveModel(model, dir);
    model.dispose();
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
  }, 240_000);
});
