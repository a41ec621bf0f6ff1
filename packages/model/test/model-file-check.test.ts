import { useCpuBackend } from '@mnist-wasm/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkModelFiles,
  createMnistMlp,
  modelFiles,
  type PickedModelFile,
  SavedModelFormatError,
  SavedModelNotFoundError,
} from '../src';

useCpuBackend();

/** A picked file as a test gives it: a name and bytes. */
function picked(name: string, bytes: Uint8Array | string): PickedModelFile {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return {
    name,
    size: data.byteLength,
    arrayBuffer: async () => data.slice().buffer,
  };
}

// The first bytes of every PNG, then some: what a user picks when an image lands as weights.bin.
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72]);

let json: string;
let weights: Uint8Array;

beforeAll(async () => {
  const model = createMnistMlp({ seed: 1 });
  const files = await modelFiles(model);
  model.dispose();
  json = JSON.stringify(files.modelJson);
  weights = files.weights;
});

describe('checkModelFiles(files)', () => {
  it('accepts model.json and weights.bin as saved, in the manifest order', async () => {
    const bin = picked('weights.bin', weights);
    const modelJson = picked('model.json', json);
    const checked = await checkModelFiles([bin, modelJson]);
    expect(checked.json).toBe(modelJson);
    expect(checked.weights).toEqual([bin]);
    expect(checked.modelJson.weightsManifest[0]!.paths).toEqual(['weights.bin']);
  });

  it('refuses a .json that is not JSON, naming the file and the parse error', async () => {
    const check = checkModelFiles([picked('model.json', '{"modelTopology": ')]);
    await expect(check).rejects.toThrow(SavedModelFormatError);
    await expect(check).rejects.toThrow(/model\.json is not valid JSON \(.*JSON.*\): pick/);
  });

  it('refuses JSON that is not a layers model', async () => {
    const check = checkModelFiles([picked('package.json', '{"name": "x"}'), picked('a.bin', '')]);
    await expect(check).rejects.toThrow(SavedModelFormatError);
    await expect(check).rejects.toThrow(/package\.json is JSON but not a TensorFlow\.js layers/);
    const noManifest = JSON.stringify({ modelTopology: {} });
    await expect(checkModelFiles([picked('model.json', noManifest)])).rejects.toThrow(
      /model\.json has no valid "weightsManifest"/,
    );
  });

  it('refuses a .json larger than MODEL_JSON_MAX_BYTES without reading it', async () => {
    let read = false;
    const huge: PickedModelFile = {
      name: 'model.json',
      size: 2 ** 31,
      arrayBuffer: async () => {
        read = true;
        return new ArrayBuffer(0);
      },
    };
    const check = checkModelFiles([huge]);
    await expect(check).rejects.toThrow(SavedModelFormatError);
    await expect(check).rejects.toThrow(/model\.json holds 2,147,483,648 bytes, more than the/);
    expect(read).toBe(false);
  });

  it('refuses model.json without its weight file, naming the file to pick', async () => {
    const check = checkModelFiles([picked('model.json', json)]);
    await expect(check).rejects.toThrow(SavedModelNotFoundError);
    await expect(check).rejects.toThrow(/needs the weight file weights\.bin, which was not picked/);
    await expect(check).rejects.toMatchObject({ path: 'weights.bin' });
  });

  it('refuses a weight file of the wrong length, e.g. an image saved as weights.bin', async () => {
    const check = checkModelFiles([picked('model.json', json), picked('weights.bin', PNG)]);
    await expect(check).rejects.toThrow(SavedModelFormatError);
    await expect(check).rejects.toThrow(
      `weights.bin has 14 bytes, but the weights model.json describes need ${weights.byteLength.toLocaleString('en-US')}`,
    );
  });

  it("accepts the browser's renamed weights (1).bin as the only candidate", async () => {
    const bin = new File([weights.slice()], 'weights (1).bin');
    const checked = await checkModelFiles([new File([json], 'model.json'), bin]);
    expect(checked.weights).toHaveLength(1);
    const [file] = checked.weights as File[];
    expect(file!.name).toBe('weights.bin');
    expect(new Uint8Array(await file!.arrayBuffer())).toEqual(weights);
  });

  it('refuses two files that could each be the missing weights.bin', async () => {
    const check = checkModelFiles([
      picked('model.json', json),
      picked('weights (1).bin', weights),
      picked('weights (2).bin', weights),
    ]);
    await expect(check).rejects.toThrow(SavedModelFormatError);
    await expect(check).rejects.toThrow(
      /weights \(1\)\.bin and weights \(2\)\.bin could each be it/,
    );
  });

  it('refuses no .json and two .json files', async () => {
    await expect(checkModelFiles([picked('weights.bin', weights)])).rejects.toThrow(
      SavedModelNotFoundError,
    );
    const two = checkModelFiles([picked('model.json', json), picked('model (1).json', json)]);
    await expect(two).rejects.toThrow(/Picked 2 \.json files/);
  });
});
