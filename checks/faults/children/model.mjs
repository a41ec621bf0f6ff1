// `node model.mjs <op> '<json>'`: the built @mnist-wasm/model on the SIMD WASM backend.
// `kind` is 'mlp' (createMnistMlp, the default) or 'cnn' (createMnistCnn).
//   logits    { seeds, kind }        logits of fresh models of the seeds on PROBE
//   save      { dir, seed, kind }    saveModel(a fresh model, dir); its logits
//   save-loop { dir, seeds, kind, maxSaves, maxMs }  saves the seeds' models in turn until
//                                    killed (bounded: maxSaves saves or maxMs), marking each save
//   save-nan  { dir, seed }          saveModel of a model whose first kernel holds a NaN
//   save-race { dir, models: [{ kind, seed }] }  saves all the models into dir at once, in this
//                                    process; then loads it: its logits
//   save-limited { dir, seed, kind, fileSizeKb }  `save` in a process under `ulimit -f`
//   load      { dir }                loadModel(dir); its logits on PROBE
//   load-loop { dir, maxLoads, maxMs }  loads dir again and again: how many loads, the errors
//                                    (at most 5), and each distinct logits seen with its count
//   check-picked { files: [{ path, name }] }  checkModelFiles of the files as a page's picker
//                                    gives them (named `name`, read lazily as Blobs): the names
import { spawn } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { initWasmBackend } from '@mnist-wasm/backend';
import { checkModelFiles, createMnistCnn, createMnistMlp } from '@mnist-wasm/model';
import { loadModel, saveModel } from '@mnist-wasm/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { args, mark, run } from './report.mjs';

const { op, options } = args();

/** Four fixed 28x28 inputs in [0, 1], the same in every process. */
const PROBE = Float32Array.from({ length: 4 * 784 }, (_, i) => ((i * 37 + (i >> 5)) % 256) / 255);

/** The model's logits on PROBE, shaped as it takes them ([4, 28, 28] or [4, 28, 28, 1]). */
function logits(model) {
  const shape = [4, ...model.inputs[0].shape.slice(1)];
  return tf.tidy(() => Array.from(model.predict(tf.tensor(PROBE, shape)).dataSync()));
}

function create(kind = 'mlp', seed = 1) {
  if (kind === 'mlp') return createMnistMlp({ seed });
  if (kind === 'cnn') return createMnistCnn({ seed });
  throw new Error(`model.mjs: unknown kind ${kind}`);
}

const ops = {
  async logits({ seeds, kind }) {
    const out = {};
    for (const seed of seeds) {
      const model = create(kind, seed);
      out[seed] = logits(model);
      model.dispose();
    }
    return out;
  },
  async save({ dir, seed, kind }) {
    const model = create(kind, seed);
    await saveModel(model, dir);
    return { logits: logits(model) };
  },
  async 'save-loop'({ dir, seeds, kind, maxSaves = 5000, maxMs = 20_000 }) {
    const models = seeds.map((seed) => create(kind, seed));
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
  async 'save-race'({ dir, models }) {
    const made = models.map(({ kind, seed }) => create(kind, seed));
    await Promise.all(made.map((model) => saveModel(model, dir)));
    const model = await loadModel(dir);
    return { logits: logits(model) };
  },
  async 'save-limited'({ dir, seed, kind, fileSizeKb }) {
    // A full disk where no tmpfs can be mounted: the save runs in a process of its own under
    // `ulimit -f`, with SIGXFSZ ignored, so a write past the limit fails with EFBIG. Its peak RSS
    // is marked as `@@inner-rss MB`; its error is thrown here as it was.
    const script = new URL(import.meta.url).pathname;
    const inner = spawn(
      'bash',
      [
        '-c',
        `trap '' XFSZ; ulimit -f ${fileSizeKb}; exec "$0" "$@"`,
        process.execPath,
        script,
        'save',
        JSON.stringify({ dir, seed, kind }),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    inner.stdout.setEncoding('utf8');
    inner.stdout.on('data', (text) => {
      stdout += text;
    });
    await new Promise((resolve, reject) => {
      inner.on('error', reject);
      inner.on('close', resolve);
    });
    const line = stdout.split('\n').findLast((l) => l.startsWith('@@report '));
    if (!line) throw new Error(`the limited save reported nothing: ${stdout.slice(-300)}`);
    const report = JSON.parse(line.slice('@@report '.length));
    mark(`inner-rss ${report.maxRssMb}`);
    if (report.ok) return report.result;
    const error = new Error(report.error.message);
    error.name = report.error.name;
    throw error;
  },
  async load({ dir }) {
    const model = await loadModel(dir);
    return { logits: logits(model) };
  },
  async 'load-loop'({ dir, maxLoads = 2000, maxMs = 10_000 }) {
    const start = performance.now();
    const seen = new Map();
    const errors = [];
    let errorCount = 0;
    let loads = 0;
    mark('ready');
    while (loads < maxLoads && performance.now() - start < maxMs) {
      loads++;
      try {
        const model = await loadModel(dir);
        const key = JSON.stringify(logits(model));
        model.dispose();
        seen.set(key, (seen.get(key) ?? 0) + 1);
      } catch (error) {
        errorCount++;
        if (errors.length < 5) errors.push(`${error.name}: ${error.message}`);
      }
    }
    return {
      loads,
      errorCount,
      errors,
      seen: [...seen].map(([key, count]) => ({ logits: JSON.parse(key), count })),
    };
  },
  async 'check-picked'({ files }) {
    const picked = await Promise.all(
      files.map(async ({ path, name }) => {
        const blob = await openAsBlob(path);
        return { name, size: blob.size, arrayBuffer: () => blob.arrayBuffer() };
      }),
    );
    const checked = await checkModelFiles(picked);
    return { json: checked.json.name, weights: checked.weights.map((file) => file.name) };
  },
};

if (!ops[op]) throw new Error(`model.mjs: unknown op ${op}`);
await run(async () => {
  await initWasmBackend();
  return ops[op](options);
});
