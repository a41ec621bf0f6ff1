// `node model.mjs <op> '<json>'`: the built @mnist-wasm/model on the SIMD WASM backend.
//   logits    { seeds }              logits of fresh createMnistMlp({ seed }) models on PROBE
//   save      { dir, seed }          saveModel(createMnistMlp({ seed }), dir); its logits
//   save-loop { dir, seeds, maxSaves, maxMs }  saves the seeds' models in turn until killed
//                                    (bounded: maxSaves saves or maxMs), marking each save
//   save-nan  { dir, seed }          saveModel of a model whose first kernel holds a NaN
//   load      { dir }                loadModel(dir); its logits on PROBE
import { initWasmBackend } from '@mnist-wasm/backend';
import { createMnistMlp } from '@mnist-wasm/model';
import { loadModel, saveModel } from '@mnist-wasm/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { args, mark, run } from './report.mjs';

const { op, options } = args();

/** Four fixed 28x28 inputs in [0, 1], the same in every process. */
const PROBE = Float32Array.from({ length: 4 * 784 }, (_, i) => ((i * 37 + (i >> 5)) % 256) / 255);

function logits(model) {
  return tf.tidy(() => Array.from(model.predict(tf.tensor(PROBE, [4, 28, 28])).dataSync()));
}

const ops = {
  async logits({ seeds }) {
    const out = {};
    for (const seed of seeds) {
      const model = createMnistMlp({ seed });
      out[seed] = logits(model);
      model.dispose();
    }
    return out;
  },
  async save({ dir, seed }) {
    const model = createMnistMlp({ seed });
    await saveModel(model, dir);
    return { logits: logits(model) };
  },
  async 'save-loop'({ dir, seeds, maxSaves = 5000, maxMs = 20_000 }) {
    const models = seeds.map((seed) => createMnistMlp({ seed }));
    const start = performance.now();
    mark('ready');
    let saves = 0;
    while (saves < maxSaves && performance.now() - start < maxMs) {
      await saveModel(models[saves % models.length], dir);
      saves++;
      mark(`saved ${saves}`);
    }
    return { saves };
  },
  async 'save-nan'({ dir, seed }) {
    const model = createMnistMlp({ seed });
    const [kernel, ...rest] = model.getWeights();
    const values = kernel.dataSync().slice();
    values[5] = Number.NaN;
    const poisoned = tf.tensor(values, kernel.shape);
    model.setWeights([poisoned, ...rest]);
    await saveModel(model, dir);
    return { saved: dir };
  },
  async load({ dir }) {
    const model = await loadModel(dir);
    return { logits: logits(model) };
  },
};

if (!ops[op]) throw new Error(`model.mjs: unknown op ${op}`);
await run(async () => {
  await initWasmBackend();
  return ops[op](options);
});
