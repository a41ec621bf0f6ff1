import { mkdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useCpuBackend, useTempFolder } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import { createMnistMlp } from '../src';
import {
  loadModel,
  MODEL_JSON_MAX_BYTES,
  NonFiniteWeightError,
  SavedModelFormatError,
  saveModel,
} from '../src/node';
import { rejection } from './fixtures';

useCpuBackend();

const temp = useTempFolder('mnist-model-faults-');

const folder = () => temp.next('model');

// loadModel's faults: files it must not read whole, and models that would load wrong.
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
