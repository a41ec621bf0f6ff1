import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SavedModelError } from '@mnist-wasm/model/node';
import { useCpuBackend, useTempFolder } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src';
import { saveTrainedModel } from '../src/node';

useCpuBackend();
const temp = useTempFolder('pipeline-save-');

describe('saveTrainedModel', () => {
  it('writes model.json and weights.bin and gives the weights size', async () => {
    const { model } = buildModel('mlp', { seed: 1 });
    const dir = temp.next('model');
    const saved = await saveTrainedModel(model, dir);
    expect(saved).toEqual({ dir, weightBytes: 101_770 * 4 });
    expect((await stat(join(dir, 'weights.bin'))).size).toBe(saved.weightBytes);
    expect(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'))).toHaveProperty(
      'modelTopology',
    );
    model.dispose();
  });

  it('throws a SavedModelError for a folder that cannot be written', async () => {
    const { model } = buildModel('mlp', { seed: 1 });
    const dir = join(await temp.unwritable(), 'model');
    await expect(saveTrainedModel(model, dir)).rejects.toBeInstanceOf(SavedModelError);
    model.dispose();
  });
});
