import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useCpuBackend, useTempFolder } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createMnistCnn, createMnistMlp, MODEL_JSON, modelFiles, WEIGHTS_BIN } from '../src';
import { saveModel } from '../src/node';

useCpuBackend();

const temp = useTempFolder('mnist-model-files-');

const MODELS: [string, () => tfl.LayersModel][] = [
  ['the MLP', () => createMnistMlp({ seed: 1 })],
  ['the convnet', () => createMnistCnn({ seed: 1 })],
];

describe('modelFiles(model)', () => {
  it.each(MODELS)('gives what saveModel writes for %s, key by key', async (_name, create) => {
    const model = create();
    model.setUserDefinedMetadata({ trainedBy: 'the page', epochs: 1 });
    const dir = temp.next('model');
    await saveModel(model, dir);
    const written = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8'));
    const weights = new Uint8Array(await readFile(join(dir, WEIGHTS_BIN)));

    const files = await modelFiles(model);
    // Through JSON, as the page writes it: what a download of model.json holds.
    const json = JSON.parse(JSON.stringify(files.modelJson));
    expect(Object.keys(json)).toEqual(Object.keys(written));
    for (const key of Object.keys(written)) expect(json[key], key).toEqual(written[key]);
    expect(json.userDefinedMetadata).toEqual({ trainedBy: 'the page', epochs: 1 });
    expect(files.weightsName).toBe(WEIGHTS_BIN);
    expect(Buffer.from(files.weights).equals(Buffer.from(weights))).toBe(true);
    model.dispose();
  });

  it('names another weight file when asked, and the files load back as the same model', async () => {
    const model = createMnistMlp({ seed: 2 });
    const files = await modelFiles(model, 'mnist.bin');
    expect(files.modelJson.weightsManifest[0]!.paths).toEqual(['mnist.bin']);
    const loaded = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: files.modelJson.modelTopology,
        weightSpecs: files.modelJson.weightsManifest[0]!.weights,
        weightData: files.weights.slice().buffer,
      }),
    );
    const input = tf.randomUniform([2, 28, 28], 0, 1, 'float32', 3);
    const [before, after] = [model, loaded].map((m) => m.predict(input) as tf.Tensor);
    expect(after!.dataSync()).toEqual(before!.dataSync());
    tf.dispose([input, before!, after!]);
    model.dispose();
    loaded.dispose();
  });
});
