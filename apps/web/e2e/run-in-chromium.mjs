#!/usr/bin/env node
// Drives the built page (dist/) in headless Chromium as a person would, with the stable
// data-testids: trains the MLP on a small training set, checks the charts drew and the accuracy,
// compares the history with the notebook app's in Node for the same settings, draws MNIST test
// digits on the pad with pointer events (strokes traced from the images) and checks their
// predictions, saves the model (download), trains the convnet in the tab and in Node (the same
// history; the plan's kernels must run as WebAssembly SIMD in the tab; the steady-state step time
// of each is printed, never judged), stops a convnet mid-training, loads the saved model back
// (same predictions), and fails on any console error. Screenshots go to WEB_CHECK_SHOTS (default: a
// folder in the temp dir), named in the log. Also: an invalid field is refused inline, Escape
// clears the pad's prediction, and at a phone's 390 px the page never scrolls sideways, before or
// after training (a screenshot of that too); there, a slowly served MNIST shows its progress and
// Stop cancels the download.
// Env: CHROMIUM_PATH (default /usr/bin/chromium), WEB_CHECK_SHOTS.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const dist = join(here, '..', 'dist');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = process.env.WEB_CHECK_SHOTS ?? join(tmpdir(), 'mnist-wasm-web-check');
const downloads = mkdtempSync(join(tmpdir(), 'mnist-wasm-web-model-'));
process.on('exit', () => rmSync(downloads, { recursive: true, force: true }));
const notebookCli = join(
  dirname(require.resolve('@mnist-wasm/notebook/package.json')),
  'dist/cli.js',
);
/** The run the page and the app both do: the notebook's model, one epoch of 10,000 digits. */
const RUN = { epochs: 1, trainLimit: 10_000, seed: 1, batchSize: 32 };
/** The convnet's run, in the tab and in Node: one epoch of 4,000 digits. */
const CNN_RUN = { ...RUN, trainLimit: 4_000 };
/** Runs of the convnet timed on each side, alternating tab and Node so both see the same load. */
const TIMED_ROUNDS = 2;
/**
 * Steps per timing window. A run's first window holds the warm-up (compiling, first allocations)
 * and is left out; the figure of each side is the median of its other windows, so a burst of
 * load from other processes moves it little.
 */
const WINDOW_STEPS = 10;
/** Test digits drawn on the pad: a 7, a 2, a 1, a 0 and a 4 (MNIST test images 0-4). */
const DRAWN = [0, 1, 2, 3, 4];
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
};

function fail(step, message) {
  console.error(`check:web FAILED: step "${step}": ${message}`);
  process.exit(1);
}

if (!existsSync(join(dist, 'index.html'))) fail('build', `${dist} has no build; run vite build`);

/** While set, the server sends MNIST's files slowly, so a download is seen in progress and stopped. */
let slowMnist = false;
/** Bytes per tick and the tick of a slow MNIST file: a few MB a second. */
const SLOW_CHUNK = 32 * 1024;
const SLOW_TICK_MS = 10;

function sendSlowly(response, bytes) {
  let sent = 0;
  const timer = setInterval(() => {
    response.write(bytes.subarray(sent, sent + SLOW_CHUNK));
    sent += SLOW_CHUNK;
    if (sent >= bytes.length) {
      clearInterval(timer);
      response.end();
    }
  }, SLOW_TICK_MS);
  response.on('close', () => clearInterval(timer));
}

// The static build as any static host serves it, with the headers that allow threads.
const server = createServer((request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
  const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
  if (!file.startsWith(dist + sep) || !existsSync(file)) {
    response.writeHead(404).end();
    return;
  }
  const bytes = readFileSync(file);
  response.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': bytes.length,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  });
  if (slowMnist && path.includes('/mnist/')) return sendSlowly(response, bytes);
  response.end(bytes);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const started = performance.now();
const browser = await chromium.launch({
  executablePath,
  args: [
    ...['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    ...['--disable-component-update', '--disable-sync'],
  ],
});
const page = await browser.newPage({
  viewport: { width: 1200, height: 900 },
  acceptDownloads: true,
});
// The page's own progress messages, as it receives them: the trainer's `msPerStep` after each
// batch (the running mean of the epoch so far) gives the batch-end times without timing anything in
// the page.
await page.addInitScript(() => {
  const PageWorker = window.Worker;
  window.mnistWebBatches = [];
  window.Worker = class extends PageWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', ({ data }) => {
        if (data?.type === 'fit-begin') window.mnistWebBatches = [];
        if (data?.type === 'batch') {
          window.mnistWebBatches.push({ step: data.step, msPerStep: data.msPerStep });
        }
      });
    }
  };
});
const consoleErrors = [];
page.on('console', (message) => {
  if (message.type() === 'error') consoleErrors.push(message.text());
});
page.on('pageerror', (error) => consoleErrors.push(error.message));
mkdirSync(shots, { recursive: true });

const byId = (id) => `[data-testid=${id}]`;
const text = async (id) => ((await page.textContent(byId(id))) ?? '').trim();
async function waitForStatus(step, pattern, timeout = 180_000) {
  try {
    await page.waitForFunction(
      (source) =>
        new RegExp(source).test(document.querySelector('[data-testid=status]').textContent),
      pattern,
      { timeout },
    );
  } catch {
    fail(step, `status is "${await text('status')}", not /${pattern}/`);
  }
  if (/error/i.test(await text('status'))) fail(step, `status: ${await text('status')}`);
}

/** Pixels of a chart's canvas that are not its background: it drew something. */
const inkOf = (testId) =>
  page.evaluate((id) => {
    const canvas = document.querySelector(`[data-testid=${id}] canvas`);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
    return ink;
  }, testId);

/**
 * Draws a 28x28 MNIST digit on the pad with the mouse: one stroke along each run of ink of each
 * row, scaled to the pad, as pointer events.
 */
async function drawDigit(pixels) {
  await page.click(byId('clear'));
  const pad = await page.$(byId('pad'));
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  const scale = box.width / 28;
  const at = (x, y) => [box.x + (x + 0.5) * scale, box.y + (y + 0.5) * scale];
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (pixels[y * 28 + x] < 128) continue;
      let end = x;
      while (end + 1 < 28 && pixels[y * 28 + end + 1] >= 128) end++;
      await page.mouse.move(...at(x, y));
      await page.mouse.down();
      await page.mouse.move(...at(end, y), { steps: Math.max(1, end - x) });
      await page.mouse.up();
      x = end;
    }
  }
  // The pad classifies once per animation frame: wait until the answer stops changing.
  let last = '';
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(100);
    const now = await page.textContent(byId('probabilities'));
    if (now && now === last && (await text('prediction')) !== '') break;
    last = now;
  }
  return { predicted: Number(await text('prediction')), probabilities: last };
}

/**
 * Step times of one epoch from the trainer's per-batch `msPerStep` (its running mean since the
 * epoch began): the mean ms/step of each window of WINDOW_STEPS steps after the first.
 */
function windowTimes(batches) {
  const ends = batches.map(({ step, msPerStep }) => msPerStep * (step + 1));
  const windows = [];
  for (let end = 2 * WINDOW_STEPS - 1; end < ends.length; end += WINDOW_STEPS) {
    windows.push((ends[end] - ends[end - WINDOW_STEPS]) / WINDOW_STEPS);
  }
  return windows;
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Whether the tab's plan runs the backend's WebAssembly SIMD kernels rather than their plain
 * JavaScript twins: the same test as `convKernelsUseSimd()` of `@mnist-wasm/backend`, made from
 * outside the worker's bundle through TF.js's globals (the 'wasm' backend active with the Conv2D
 * kernels registered, its memory exported and not shared, WebAssembly SIMD validating).
 */
async function planKernelsInTab() {
  for (const worker of page.workers()) {
    const found = await worker
      .evaluate(() => {
        const engine = self._tfengine;
        if (engine === undefined) return undefined;
        const kernels = self._tfGlobals?.get('kernelRegistry');
        const memory = engine.registry.wasm?.wasm?.asm?.memory;
        // The smallest module with a v128 instruction: what SIMD support checks validate.
        const simd = new Uint8Array([
          0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0,
          253, 15, 253, 98, 11,
        ]);
        const checks = {
          'the wasm backend is active': engine.backendName === 'wasm',
          'ConvForward and ConvBackward are registered':
            kernels?.has('wasm_ConvForward') && kernels?.has('wasm_ConvBackward'),
          'the backend exports its memory': memory instanceof WebAssembly.Memory,
          'the memory is not shared (not the threaded binary)': !(
            typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer
          ),
          'WebAssembly SIMD validates': WebAssembly.validate(simd),
        };
        return Object.entries(checks)
          .filter(([, ok]) => !ok)
          .map(([check]) => check);
      })
      .catch(() => undefined);
    if (found !== undefined) return { simd: found.length === 0, failed: found };
  }
  return { simd: false, failed: ['no worker of the page runs TensorFlow.js'] };
}

/** The same training in Node through the same packages, with the trainer's per-batch times. */
async function timedRunInNode(step, model, run) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(here, 'train-in-node.mjs'),
      ...[model, run.epochs, run.trainLimit, run.seed, run.batchSize].map(String),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  ).catch((error) => fail(step, error.message));
  return JSON.parse(stdout);
}

// 1. Open the page; train the notebook's model on 10,000 digits.
await page.goto(url);
await page.waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 });
const backend = await text('backend');
// A fresh profile has nothing in IndexedDB: nothing for Load from browser to read.
if (!(await page.isDisabled(byId('load-indexeddb'))))
  fail('open', 'Load from browser is enabled, but nothing was saved in this browser');
if (!/wasm/.test(backend) || !/SIMD on/.test(backend)) fail('open', `header says "${backend}"`);
const kernels = await planKernelsInTab();
if (!kernels.simd) {
  fail(
    'open',
    `the plan's kernels would run their plain JavaScript twins in the tab, not WebAssembly SIMD: not so: ${kernels.failed.join('; ')}`,
  );
}
// 1a. Before any training the pretrained convnet answers the pad, which a "draw a digit" link in
// the first screen leads to: traced test digits, each read right and confidently.
const drawLink = await page.$(byId('draw-link'));
if ((await drawLink?.getAttribute('href')) !== '#cell-draw')
  fail('pretrained', 'no "draw a digit" link to the pad near the controls');
if (!((await drawLink.boundingBox()).y < 900))
  fail('pretrained', 'the "draw a digit" link is below the first screen');
await page
  .waitForFunction(
    (id) => document.querySelector(`[data-testid=${id}]`)?.textContent === 'pretrained convnet',
    'draw-model',
    { timeout: 60_000 },
  )
  .catch(async () =>
    fail(
      'pretrained',
      `the pad's model is "${await text('draw-model')}", not the pretrained convnet`,
    ),
  );
const early = await loadMnist({ trainLimit: 1, testLimit: Math.max(...DRAWN) + 1 });
const pretrainedDrawn = [];
for (const index of DRAWN) {
  const { predicted } = await drawDigit(
    early.test.features.subarray(index * 784, (index + 1) * 784),
  );
  const shown = await page.getAttribute(
    `${byId('probabilities')} li[data-highlighted=true]`,
    'aria-label',
  );
  const confidence = Number(/([\d.]+)%$/.exec(shown ?? '')?.[1]) / 100;
  pretrainedDrawn.push(`${predicted} (${shown})`);
  if (predicted !== early.test.labels[index] || !(confidence >= 0.9)) {
    fail(
      'pretrained',
      `test[${index}], a ${early.test.labels[index]}, drawn before training: ${predicted}, ${shown}`,
    );
  }
}
await page.click(byId('clear'));
// An invalid field: its own message and aria-invalid, the status says why, nothing starts.
/** Clicks Start with `fields` filled; checks `invalid`'s inline message and that nothing ran. */
async function refused(step, fields, invalid, message) {
  for (const [id, value] of Object.entries(fields)) await page.fill(byId(id), value);
  await page.click(byId('start'));
  if ((await page.getAttribute(byId(invalid), 'aria-invalid')) !== 'true')
    fail(step, `${invalid} is not marked aria-invalid`);
  if (!new RegExp(message).test(await text(`${invalid}-error`)))
    fail(step, `${invalid}'s message is "${await text(`${invalid}-error`)}", not /${message}/`);
  if (!/^Not started: /.test(await text('status'))) fail(step, `status: ${await text('status')}`);
  if ((await page.textContent('#data-shapes')) !== 'Press Start.') fail(step, 'a run started');
}
await refused('invalid epochs', { epochs: '0' }, 'epochs', 'whole number from 1 to 100');
await refused(
  'batch above the training set',
  { epochs: '1', 'batch-size': '5000', 'train-limit': '1000' },
  'batch-size',
  'larger than the 1,000 training images',
);
await page.selectOption(byId('model'), 'mlp');
await page.fill(byId('epochs'), String(RUN.epochs));
await page.fill(byId('batch-size'), String(RUN.batchSize));
await page.fill(byId('seed'), String(RUN.seed));
await page.fill(byId('train-limit'), String(RUN.trainLimit));
await page.click(byId('start'));
await waitForStatus('train', 'done');
const firstEpochSeconds = (performance.now() - started) / 1000;
const accuracy = Number(await text('test-accuracy'));
if (!(accuracy > 0.8)) fail('train', `test accuracy ${accuracy}, expected above 0.8 (chance 0.1)`);
for (const chart of ['chart-batch-loss', 'chart-batch-accuracy', 'chart-epoch-loss']) {
  if ((await inkOf(chart)) < 100) fail('charts', `${chart} drew nothing`);
}
const { history } = await page.evaluate(() => window.mnistWeb);
const mlpTabMs = median(windowTimes(await page.evaluate(() => window.mnistWebBatches)));
await page.screenshot({ path: join(shots, 'after-training.png'), fullPage: true });

// 2. The same run in Node, with the app.
/** The app's run of `model` with `run`'s settings, and how far the tab's loss history is from it. */
async function sameRunInNode(step, model, run, tabHistory) {
  const { stdout } = await promisify(execFile)(process.execPath, [
    notebookCli,
    ...['--model', model, '--epochs', String(run.epochs), '--train-limit', String(run.trainLimit)],
    ...['--seed', String(run.seed), '--batch-size', String(run.batchSize), '--json'],
  ]).catch((error) => fail(step, error.message));
  const node = JSON.parse(stdout);
  const pairs = tabHistory.loss.map((loss, i) => [loss, node.history.loss[i]]);
  const identical = pairs.every(([a, b]) => a === b);
  const largest = Math.max(...pairs.map(([a, b]) => Math.abs(a - b) / Math.abs(b)));
  if (!(largest < 1e-4)) fail(step, `history differs from the app's: ${JSON.stringify(pairs)}`);
  return { identical, largest };
}
const { identical, largest } = await sameRunInNode('node run', 'mlp', RUN, history);
const mlpNodeMs = median(
  windowTimes((await timedRunInNode('mlp timed in node', 'mlp', RUN)).batches),
);

// 3. Digits drawn on the pad, traced from MNIST test images.
if ((await text('draw-model')) !== 'the model trained here')
  fail('draw', `the pad's model is "${await text('draw-model')}" after training`);
const { test } = await loadMnist({ trainLimit: 1, testLimit: Math.max(...DRAWN) + 1 });
const drawn = [];
for (const index of DRAWN) {
  const pixels = test.features.subarray(index * 784, (index + 1) * 784);
  drawn.push({ index, label: test.labels[index], ...(await drawDigit(pixels)) });
}
const wrong = drawn.filter((d) => d.predicted !== d.label);
if (wrong.length > 0) {
  fail(
    'draw',
    `drawn digits predicted wrongly: ${wrong.map((d) => `test[${d.index}] ${d.label} -> ${d.predicted}`).join(', ')}`,
  );
}
await page.screenshot({ path: join(shots, 'after-drawing.png'), fullPage: true });
// Escape on the pad clears the drawing and its prediction.
await page.focus(byId('pad'));
await page.keyboard.press('Escape');
if ((await text('prediction')) !== '') fail('clear', 'Escape left the prediction shown');

// 4. Save (two downloads), then load the files back: the same predictions.
const saved = [];
page.on('download', (download) => {
  saved.push(download.saveAs(join(downloads, download.suggestedFilename())));
});
await page.click(byId('save'));
await waitForStatus('save', 'saved');
await page.waitForTimeout(1000);
await Promise.all(saved);
const files = ['model.json', 'weights.bin'].map((name) => join(downloads, name));
if (!files.every(existsSync))
  fail('save', `downloads: ${saved.length}; expected model.json and weights.bin`);
const reference = drawn.at(-1);
if (await page.isDisabled(byId('load-indexeddb')))
  fail('save', 'Load from browser stays disabled after Save stored the model');

// 4b. The convnet in the tab and in Node: the same plan, so the same history; the plan's kernels
// run as SIMD in the tab; the steady-state step time of each side, tab and Node taking turns.
await page.selectOption(byId('model'), 'cnn');
await page.fill(byId('epochs'), String(CNN_RUN.epochs));
await page.fill(byId('train-limit'), String(CNN_RUN.trainLimit));
const cnnWindows = { tab: [], node: [] };
let cnnTab;
for (let round = 0; round < TIMED_ROUNDS; round++) {
  await page.click(byId('start'));
  await waitForStatus('convnet', 'done');
  const batches = await page.evaluate(() => window.mnistWebBatches);
  if (!(batches.length > 0 && batches.every(({ msPerStep }) => Number.isFinite(msPerStep)))) {
    fail('convnet', "the page received no 'batch' messages with a finite msPerStep");
  }
  cnnWindows.tab.push(...windowTimes(batches));
  cnnTab ??= await page.evaluate(() => window.mnistWeb);
  const inNode = await timedRunInNode('convnet timed in node', 'cnn', CNN_RUN);
  cnnWindows.node.push(...windowTimes(inNode.batches));
}
const cnn = await sameRunInNode('convnet in node', 'cnn', CNN_RUN, cnnTab.history);
const cnnTabMs = median(cnnWindows.tab);
const cnnNodeMs = median(cnnWindows.node);
await page.fill(byId('train-limit'), String(RUN.trainLimit));

// 5. Stop a convnet mid-training: the page stays usable.
await page.selectOption(byId('model'), 'cnn');
await page.fill(byId('epochs'), '3');
await page.click(byId('start'));
await page.waitForFunction(() => document.querySelector('#progress').value > 20, null, {
  timeout: 120_000,
});
await page.click(byId('stop'));
await waitForStatus('stop', 'stopped');
const afterStop = await drawDigit(test.features.subarray(0, 784));
if (Number.isNaN(afterStop.predicted)) fail('stop', 'the stopped model predicts nothing');

// 6. Load the saved MLP from its files: the same digit gets the same probabilities.
await page.setInputFiles('#load-files', files);
await waitForStatus('load', 'loaded');
const reloaded = await drawDigit(
  test.features.subarray(reference.index * 784, (reference.index + 1) * 784),
);
if (reloaded.probabilities !== reference.probabilities) {
  fail(
    'load',
    `after loading: ${reloaded.probabilities}; before saving: ${reference.probabilities}`,
  );
}

// 7. Files that are not a model: each gets a message naming the file, the shown results stay, and
// the page stays usable (Start works after).
const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const modelJsonBytes = readFileSync(files[0]);
const BAD_LOADS = [
  {
    step: 'load broken json',
    files: [{ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"model') }],
    message: 'model\\.json is not valid JSON',
  },
  {
    step: 'load without weights',
    files: [{ name: 'model.json', mimeType: 'application/json', buffer: modelJsonBytes }],
    message: 'needs the weight file weights\\.bin, which was not picked',
  },
  {
    step: 'load an image as weights',
    files: [
      { name: 'model.json', mimeType: 'application/json', buffer: modelJsonBytes },
      { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: PNG_BYTES },
    ],
    message: `weights\\.bin has ${PNG_BYTES.length} bytes, but the weights model\\.json describes need`,
  },
];
const shownAccuracy = await text('test-accuracy');
for (const bad of BAD_LOADS) {
  await page.setInputFiles('#load-files', bad.files);
  try {
    await page.waitForFunction(
      (source) =>
        new RegExp(source).test(document.querySelector('[data-testid=status]').textContent),
      bad.message,
      { timeout: 30_000 },
    );
  } catch {
    fail(bad.step, `status is "${await text('status')}", not /${bad.message}/`);
  }
  await page
    .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 10_000 })
    .catch(() => fail(bad.step, 'Start stays disabled after the failed load'));
  for (const id of ['load', 'load-indexeddb']) {
    if (await page.isDisabled(byId(id))) fail(bad.step, `${id} stays disabled`);
  }
  if ((await text('test-accuracy')) !== shownAccuracy)
    fail(bad.step, `the shown test accuracy changed to ${await text('test-accuracy')}`);
}
await page.selectOption(byId('model'), 'mlp');
await page.fill(byId('epochs'), String(RUN.epochs));
await page.fill(byId('train-limit'), String(RUN.trainLimit));
await page.click(byId('start'));
await waitForStatus('start after failed loads', 'done');

// 8. An error thrown in the worker outside any request: the page restarts it, says so, and Start
// works with the new worker.
const trainingWorker = page.workers().find((w) => /training-worker/.test(w.url()));
if (!trainingWorker)
  fail('worker restart', `no training worker among ${page.workers().map((w) => w.url())}`);
await trainingWorker.evaluate(() => {
  setTimeout(() => {
    throw new Error('thrown by check:web');
  });
});
await page
  .waitForFunction(
    () => /was restarted/.test(document.querySelector('[data-testid=status]').textContent),
    null,
    { timeout: 30_000 },
  )
  .catch(async () => fail('worker restart', `status: ${await text('status')}`));
await page
  .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 })
  .catch(() => fail('worker restart', 'Start stays disabled after the restart'));
// The new worker's pretrained model answers again, so the note does not ask to train or load.
await page
  .waitForFunction(
    () =>
      /restarted: the pretrained model .* answers the pad again; ready/.test(
        document.querySelector('[data-testid=status]').textContent,
      ),
    null,
    { timeout: 30_000 },
  )
  .catch(async () => fail('worker restart', `status: ${await text('status')}`));
await page.click(byId('start'));
await waitForStatus('start after restart', 'done');
// The error thrown on purpose, wherever the browser reported it.
consoleErrors.splice(
  0,
  consoleErrors.length,
  ...consoleErrors.filter((line) => !/thrown by check:web/.test(line)),
);

// 8. A phone (390 px wide, touch): no sideways scroll before or after a short training run.
const phone = await browser.newPage({
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
});
phone.on('console', (message) => {
  if (message.type() === 'error') consoleErrors.push(`phone: ${message.text()}`);
});
phone.on('pageerror', (error) => consoleErrors.push(`phone: ${error.message}`));
const pageWidth = () => phone.evaluate(() => document.documentElement.scrollWidth);
await phone.goto(url);
await phone.waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 });
if ((await pageWidth()) > 390) fail('phone', `the page is ${await pageWidth()} px wide at 390`);
// A slow MNIST download: the status shows its progress and Stop cancels it; the next Start
// downloads again (below, at full speed).
const phoneStatus = async () => ((await phone.textContent(byId('status'))) ?? '').trim();
slowMnist = true;
await phone.click(byId('start'));
await phone
  .waitForFunction(
    () =>
      /loading MNIST: [\d.]+ of [\d.]+ MB \(\d+%\)/.test(
        document.querySelector('[data-testid=status]').textContent,
      ),
    null,
    { timeout: 30_000 },
  )
  .catch(async () => fail('download progress', `status: ${await phoneStatus()}`));
const progressSeen = await phoneStatus();
await phone.click(byId('stop'));
await phone
  .waitForFunction(
    () => /stopped/.test(document.querySelector('[data-testid=status]').textContent),
    null,
    { timeout: 30_000 },
  )
  .catch(async () => fail('stop the download', `status: ${await phoneStatus()}`));
slowMnist = false;
await phone
  .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 30_000 })
  .catch(() => fail('stop the download', 'Start stays disabled after Stop'));
await phone.fill(byId('train-limit'), '1000');
await phone.click(byId('start'));
await phone
  .waitForFunction(
    () => /done/.test(document.querySelector('[data-testid=status]').textContent),
    null,
    {
      timeout: 120_000,
    },
  )
  .catch(() => fail('phone', 'the run on the phone did not finish'));
if ((await pageWidth()) > 390)
  fail('phone', `after training the page is ${await pageWidth()} px wide at 390`);
await phone.screenshot({ path: join(shots, 'phone-after-training.png'), fullPage: true });
await phone.close();

if (consoleErrors.length > 0) fail('console', consoleErrors.join('\n'));
await browser.close();
server.close();

// The code a visitor downloads: the page, its styles and the worker (not the data or the .wasm).
const bundle = readdirSync(join(dist, 'assets')).map((name) => join(dist, 'assets', name));
const gzipped = [join(dist, 'index.html'), ...bundle].reduce(
  (sum, file) => sum + gzipSync(readFileSync(file)).length,
  0,
);
console.log(
  `check:web: passed in ${((performance.now() - started) / 1000).toFixed(1)}s (screenshots in ${shots}): ` +
    `mlp ${RUN.epochs} epoch of ${RUN.trainLimit} in the tab: test accuracy ${accuracy}, ` +
    `steady state ${mlpTabMs.toFixed(2)} ms/step in the tab vs ${mlpNodeMs.toFixed(2)} in Node, ` +
    `history ${identical ? 'bit-identical to' : `within ${largest.toExponential(1)} of`} the app's; ` +
    `page open to first run done ${firstEpochSeconds.toFixed(1)} s; ` +
    `drawn test[${DRAWN.join(',')}] predicted ${drawn.map((d) => d.predicted).join(',')} ` +
    `(before training, by the pretrained convnet: ${pretrainedDrawn.join(', ')}); ` +
    `cnn 1 epoch of ${CNN_RUN.trainLimit}: history ${cnn.identical ? 'bit-identical to' : `within ${cnn.largest.toExponential(1)} of`} the app's, ` +
    `kernels SIMD in the tab, steady state ${cnnTabMs.toFixed(2)} ms/step in the tab vs ${cnnNodeMs.toFixed(2)} in Node ` +
    `(tab/Node ${(cnnTabMs / cnnNodeMs).toFixed(2)}; medians of ${cnnWindows.tab.length} and ${cnnWindows.node.length} ` +
    `${WINDOW_STEPS}-step windows over ${TIMED_ROUNDS} runs each, taking turns, warm-up left out); ` +
    `convnet stopped mid-training; saved and reloaded with equal predictions; ` +
    `MNIST download shown ("${progressSeen}") and stopped, Start downloaded it after; ` +
    `invalid fields refused inline; no sideways scroll at 390 px before or after training; ` +
    `${BAD_LOADS.length} broken loads refused with a message, Start worked after; ` +
    `the worker restarted after an error outside any request, Start worked after; ` +
    `page and worker code ${(gzipped / 1024).toFixed(0)} KiB gzipped`,
);
