import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useCpuBackend, useTempFolder } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createMnistCnn, createMnistMlp } from '../src';
import { fileSystem, loadModel, saveModel } from '../src/node';
import { predictions } from './fixtures';

useCpuBackend();

const temp = useTempFolder('mnist-model-faults-');

const folder = () => temp.next('model');

// Saves killed mid-way and saves into one folder at once: what they leave, and the lock.
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
