import { once } from 'node:events';
import { mkdir, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { useCpuBackend, useTempFolder } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMnistMlp } from '../src';
import {
  fileSystem,
  loadModel,
  SavedModelFormatError,
  SavedModelNotFoundError,
  SavedModelWriteError,
  saveModel,
} from '../src/node';

useCpuBackend();

const temp = useTempFolder('mnist-model-');

const folder = () => temp.next('model');

/** A model whose every weight, biases included, is random, so nothing round-trips by luck. */
function trainedLikeModel(seed: number): tfl.LayersModel {
  const model = createMnistMlp({ seed });
  const weights = model
    .getWeights()
    .map((w, i) => tf.randomNormal(w.shape, 0, 0.1, 'float32', seed + i));
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

const IMAGES = () => tf.randomUniform([6, 28, 28], 0, 1, 'float32', 11);

function predictions(model: tfl.LayersModel): Float32Array {
  return tf.tidy(() => (model.predict(IMAGES()) as tf.Tensor).dataSync() as Float32Array);
}

function weightsByName(model: tfl.LayersModel): Map<string, { shape: number[]; values: number[] }> {
  return new Map(
    model.weights.map((w) => {
      const value = w.read();
      return [w.originalName, { shape: value.shape, values: Array.from(value.dataSync()) }];
    }),
  );
}

async function expectError(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  ...parts: string[]
) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  for (const part of parts) expect((error as Error).message).toContain(part);
  return error as Error & { path: string };
}

describe('saveModel and loadModel', () => {
  it('round-trip every weight by name and give identical predictions', async () => {
    const dir = folder();
    const model = trainedLikeModel(1);
    const info = await saveModel(model, dir);
    expect(info.modelArtifactsInfo.weightDataBytes).toBe(model.countParams() * 4);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);

    const loaded = await loadModel(dir);
    expect(weightsByName(loaded)).toEqual(weightsByName(model));
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    expect(predictions(loaded)).toEqual(predictions(model));
    model.dispose();
    loaded.dispose();
  });

  it("writes TF.js's layers format with standard class names and one weights.bin", async () => {
    const dir = folder();
    const model = trainedLikeModel(2);
    await saveModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toBe(`TensorFlow.js tfjs-layers v${tfl.version_layers}`);
    expect(json).toHaveProperty('convertedBy', null);
    expect(json.modelTopology.class_name).toBe('Sequential');
    const layers = json.modelTopology.config.layers as Array<{ class_name: string }>;
    expect(layers.map((l) => l.class_name)).toEqual(['Flatten', 'Dense', 'Dropout', 'Dense']);
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const specs = json.weightsManifest[0].weights as Array<{ name: string; dtype: string }>;
    expect(specs.map((s) => s.name)).toEqual(model.weights.map((w) => w.originalName));
    expect(specs.every((s) => s.dtype === 'float32')).toBe(true);
    expect((await stat(join(dir, 'weights.bin'))).size).toBe(model.countParams() * 4);
    model.dispose();
  });

  it('load through fileSystem, fromMemory and http like a browser, all predicting the same', async () => {
    const dir = folder();
    const model = trainedLikeModel(3);
    await model.save(fileSystem(dir));
    const expected = predictions(model);

    const viaHandler = await tfl.loadLayersModel(fileSystem(dir));
    // What a browser's http loader does once it has fetched the two files.
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const bytes = await readFile(join(dir, 'weights.bin'));
    const viaMemory = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      }),
    );
    // TF.js's own http loader, served the folder as a static site would.
    const server = createServer(async (request, response) => {
      const body = await readFile(join(dir, request.url ?? '')).catch(() => undefined);
      response.writeHead(body ? 200 : 404).end(body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const viaHttp = await tfl
      .loadLayersModel(`http://127.0.0.1:${port}/model.json`)
      .finally(() => server.close());

    for (const loaded of [viaHandler, viaMemory, viaHttp]) {
      expect(predictions(loaded)).toEqual(expected);
      loaded.dispose();
    }
    model.dispose();
  });

  it('replaces a model already in the folder and leaves no temporary files', async () => {
    const dir = folder();
    const first = trainedLikeModel(4);
    const second = trainedLikeModel(5);
    await saveModel(first, dir);
    await saveModel(second, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadModel(dir);
    expect(predictions(loaded)).toEqual(predictions(second));
    expect(predictions(loaded)).not.toEqual(predictions(first));
    for (const m of [first, second, loaded]) m.dispose();
  });

  it('leaves a folder that loads when a save fails part way, and says that it failed', async () => {
    const dir = folder();
    const old = trainedLikeModel(6);
    await saveModel(old, dir);
    const model = trainedLikeModel(16);
    // A folder where weights.bin should go makes the rename of the new weights fail, after
    // model.json already names the new weights under their temporary name.
    await rm(join(dir, 'weights.bin'));
    await mkdir(join(dir, 'weights.bin', 'blocker'), { recursive: true });
    const error = await expectError(saveModel(model, dir), SavedModelWriteError, dir, 'save again');
    expect(error.path).toBe(dir);
    const names = (await readdir(dir)).sort();
    expect(names).toHaveLength(3);
    expect(names.slice(0, 2)).toEqual(['model.json', 'weights.bin']);
    expect(names[2]).toMatch(/^weights\.bin\.\d+-[0-9a-f]{8}\.tmp$/);
    const loaded = await loadModel(dir);
    expect(Array.from(predictions(loaded))).toEqual(Array.from(predictions(model)));
    loaded.dispose();
    // Once the blocker is gone, the next save tidies the folder back to its two files.
    await rm(join(dir, 'weights.bin'), { recursive: true });
    await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    old.dispose();
    model.dispose();
  });

  it('leaves no tensors behind', async () => {
    const dir = folder();
    const before = tf.memory().numTensors;
    const model = trainedLikeModel(7);
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    model.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadModel errors', () => {
  let saved: string;
  beforeAll(async () => {
    saved = folder();
    const model = trainedLikeModel(8);
    await saveModel(model, saved);
    model.dispose();
  });

  /** A copy of the saved model with `change` applied to it. */
  async function broken(change: (dir: string) => Promise<void>): Promise<string> {
    const dir = folder();
    await mkdir(dir);
    for (const name of ['model.json', 'weights.bin']) {
      await writeFile(join(dir, name), await readFile(join(saved, name)));
    }
    await change(dir);
    return dir;
  }

  it('names a missing folder', async () => {
    const dir = join(temp.path(), 'no-such-model');
    const error = await expectError(loadModel(dir), SavedModelNotFoundError, dir, 'does not exist');
    expect(error.path).toBe(dir);
  });

  it('says a file is not a model folder', async () => {
    const file = join(saved, 'model.json');
    await expectError(loadModel(file), SavedModelNotFoundError, file, 'not a model folder');
  });

  it('names a missing model.json', async () => {
    const dir = await broken((d) => rm(join(d, 'model.json')));
    const file = join(dir, 'model.json');
    const error = await expectError(
      loadModel(dir),
      SavedModelNotFoundError,
      file,
      'Save the model again',
    );
    expect(error.path).toBe(file);
  });

  it('names a missing weights.bin', async () => {
    const dir = await broken((d) => rm(join(d, 'weights.bin')));
    const file = join(dir, 'weights.bin');
    const error = await expectError(
      loadModel(dir),
      SavedModelNotFoundError,
      file,
      'does not exist',
    );
    expect(error.path).toBe(file);
  });

  it('rejects corrupt JSON naming model.json', async () => {
    const dir = await broken(async (d) => {
      const text = await readFile(join(d, 'model.json'), 'utf8');
      await writeFile(join(d, 'model.json'), text.slice(0, text.length / 2));
    });
    const file = join(dir, 'model.json');
    const error = await expectError(loadModel(dir), SavedModelFormatError, file, 'not valid JSON');
    expect(error.path).toBe(file);
  });

  it('rejects weights whose byte length differs from the manifest, giving both sizes', async () => {
    const expectedBytes = (await stat(join(saved, 'weights.bin'))).size;
    const dir = await broken((d) => truncate(join(d, 'weights.bin'), expectedBytes - 40));
    const file = join(dir, 'weights.bin');
    const error = await expectError(
      loadModel(dir),
      SavedModelFormatError,
      file,
      `${expectedBytes - 40} bytes`,
      `${expectedBytes} bytes`,
    );
    expect(error.path).toBe(file);
  });

  it('rejects JSON that is not a layers model', async () => {
    const graph = await broken((d) =>
      writeFile(
        join(d, 'model.json'),
        JSON.stringify({ format: 'graph-model', modelTopology: {} }),
      ),
    );
    await expectError(loadModel(graph), SavedModelFormatError, 'tf.loadGraphModel');
    const noManifest = await broken((d) =>
      writeFile(join(d, 'model.json'), JSON.stringify({ modelTopology: {} })),
    );
    await expectError(loadModel(noManifest), SavedModelFormatError, "'weightsManifest'");
    const escaping = await broken(async (d) => {
      const json = JSON.parse(await readFile(join(d, 'model.json'), 'utf8'));
      json.weightsManifest[0].paths = ['../weights.bin'];
      await writeFile(join(d, 'model.json'), JSON.stringify(json));
    });
    await expectError(loadModel(escaping), SavedModelFormatError, 'outside the model folder');
  });

  it('wraps a topology tfjs-layers cannot build in a format error naming the folder', async () => {
    const dir = await broken(async (d) => {
      const json = JSON.parse(await readFile(join(d, 'model.json'), 'utf8'));
      json.modelTopology.config.layers[1].class_name = 'NoSuchLayer';
      await writeFile(join(d, 'model.json'), JSON.stringify(json));
    });
    await expectError(loadModel(dir), SavedModelFormatError, dir, 'NoSuchLayer');
  });
});
