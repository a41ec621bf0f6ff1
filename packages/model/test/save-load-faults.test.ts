import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useCpuBackend, useTempFolder } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createMnistCnn, createMnistMlp } from '../src';
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

describe('loadModel refuses what would load wrong or unbounded', () => {
  it('refuses a manifest naming weights.bin 8,000 times before allocating, naming model.json', async () => {
    const dir = folder();
    const model = createMnistMlp({ seed: 8 });
    await saveModel(model, dir);
    model.dispose();
    const file = join(dir, 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    const size = (await stat(join(dir, 'weights.bin'))).size;
    json.weightsManifest = [
      {
        paths: Array.from({ length: 8000 }, () => 'weights.bin'),
        weights: [{ name: 'w', shape: [(8000 * size) / 4], dtype: 'float32' }],
      },
    ];
    await writeFile(file, JSON.stringify(json));
    const heapBefore = process.memoryUsage().arrayBuffers;
    const error = await rejection(loadModel(dir));
    expect(error).toBeInstanceOf(SavedModelFormatError);
    expect((error as SavedModelFormatError).path).toBe(file);
    expect(error.message).toContain("names the weight file 'weights.bin' more than once");
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(64 * size);
    // Also when the same file is spelled two ways.
    json.weightsManifest = [
      {
        paths: ['weights.bin', './weights.bin'],
        weights: [{ name: 'w', shape: [size / 2], dtype: 'float32' }],
      },
    ];
    await writeFile(file, JSON.stringify(json));
    expect(await rejection(loadModel(dir))).toBeInstanceOf(SavedModelFormatError);
  });

  it('refuses a NaN or an Infinity in any weight, even on a pixel that is always zero', async () => {
    const model = createMnistMlp({ seed: 9 });
    const kernelName = model.weights[0]!.originalName;
    const biasName = model.weights[3]!.originalName;
    for (const [index, bad, name] of [
      [0, Number.NaN, kernelName], // the weight row of pixel 0, which is 0 in every MNIST image
      [5, Number.POSITIVE_INFINITY, kernelName],
      [-1, Number.NEGATIVE_INFINITY, biasName],
    ] as const) {
      const dir = folder();
      await saveModel(model, dir);
      const bytes = await readFile(join(dir, 'weights.bin'));
      const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
      floats[index < 0 ? floats.length - 1 : index] = bad;
      await writeFile(join(dir, 'weights.bin'), bytes);
      const error = await rejection(loadModel(dir));
      expect(error, String(bad)).toBeInstanceOf(NonFiniteWeightError);
      expect((error as NonFiniteWeightError).weight).toBe(name);
      expect((error as NonFiniteWeightError).path).toBe(join(dir, 'weights.bin'));
      expect(error.message).toContain(`The model in ${dir} cannot be used: its weight '${name}'`);
      expect(error.message).toContain('Train and save the model again');
    }
    model.dispose();
  });
});

describe('saves into one folder take turns', () => {
  /** Predictions on inputs of the model's own shape, `[2, ...inputShape]`. */
  function predictionsOf(model: tfl.LayersModel): string {
    const shape = model.inputs[0]!.shape.slice(1) as number[];
    return tf.tidy(() =>
      JSON.stringify(Array.from((model.predict(tf.ones([2, ...shape])) as tf.Tensor).dataSync())),
    );
  }

  it('two saves racing in one process leave one model whole, and no lock', async () => {
    const mlp = createMnistMlp({ seed: 10 });
    const cnn = createMnistCnn({ seed: 11 });
    const expected = [predictionsOf(mlp), predictionsOf(cnn)];
    const dir = folder();
    for (let round = 0; round < 3; round++) {
      await Promise.all([saveModel(mlp, dir), saveModel(cnn, dir), saveModel(mlp, dir)]);
      expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
      const loaded = await loadModel(dir);
      expect(expected).toContain(predictionsOf(loaded));
      loaded.dispose();
    }
    mlp.dispose();
    cnn.dispose();
  });

  it('a load during saves gets one saved model whole, also when their model.json are the same', async () => {
    // Two MLPs of one topology: their model.json files are byte for byte the same, so only the
    // file's identity can tell a load that the weights changed under it.
    const models = [createMnistMlp({ seed: 13 }), createMnistMlp({ seed: 14 })];
    const expected = models.map(predictionsOf);
    const dir = folder();
    await saveModel(models[0]!, dir);
    let saving = true;
    const saves = (async () => {
      for (let i = 0; i < 30; i++) await saveModel(models[i % 2]!, dir);
      saving = false;
    })();
    const seen: string[] = [];
    while (saving) {
      const loaded = await loadModel(dir);
      seen.push(predictionsOf(loaded));
      loaded.dispose();
    }
    await saves;
    expect(seen.length).toBeGreaterThan(0);
    for (const got of seen) expect(expected).toContain(got);
    for (const model of models) model.dispose();
  });

  it('takes over the lock of a dead process or a reused pid, and waits for that of a live one', async () => {
    const dir = folder();
    await mkdir(dir);
    const lock = join(dir, '.save.lock');
    const dead = spawn(process.execPath, ['-e', '']);
    await once(dead, 'exit');
    await writeFile(lock, `${dead.pid}\n`);
    const model = createMnistMlp({ seed: 12 });
    await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    // This process's pid with another start time: a dead saver whose pid was reused.
    await writeFile(lock, `${process.pid} 1\n`);
    await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);

    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      await writeFile(lock, `${sleeper.pid}\n`);
      let saved = false;
      const save = saveModel(model, dir).then(() => {
        saved = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(saved).toBe(false);
      await rm(lock);
      await save;
      expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    } finally {
      sleeper.kill('SIGKILL');
      model.dispose();
    }
  });
});
