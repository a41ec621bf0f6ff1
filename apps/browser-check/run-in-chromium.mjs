#!/usr/bin/env node
// Trains and saves a small model of each kind (the MLP and the convnet) with the built notebook app
// (apps/notebook/dist/cli.js) and asks the app's `predict` for reference probabilities; serves the
// Vite build in dist/ (the tfjs WASM binaries under wasm/, the gzipped MNIST files under mnist/)
// and the saved models (/model/mlp/, /model/cnn/) from 127.0.0.1, opens it in headless Chromium, checks
// the models the page trains, and checks the page's predictions with the saved models against the
// app's.
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
  '/model/': modelDir,
  '/': join(here, 'dist'),
};
const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};
/** MNIST test images the page classifies with the saved models (src/main.ts). */
const SAVED_MODEL_IMAGES = [0, 1, 2, 3, 4];
const PROBABILITY_TOLERANCE = 1e-5;
/** Test images the page evaluates the models it trains on (src/main.ts). */
const TEST_EXAMPLES = 500;
/**
 * The kinds of model checked, as the app's --model and the page (ModelKind in src/check-result.ts)
 * name them: the epochs the page trains each for on 1024 digits (src/main.ts), the test accuracy
 * that must show it learned (ten classes: chance is 0.1; the check prints the accuracy reached, and
 * the bound leaves room below it for the convnet's dropout, which varies more from seed to seed),
 * and the layers of the model the app saves.
 */
const MODELS = [
  {
    kind: 'mlp',
    epochs: 2,
    minTestAccuracy: 0.5,
    layers: ['Flatten', 'Dense', 'Dropout', 'Dense'],
  },
  {
    kind: 'cnn',
    epochs: 1,
    minTestAccuracy: 0.4,
    layers: [
      ...['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D'],
      ...['Flatten', 'Dense', 'Dropout', 'Dense'],
    ],
  },
];

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
 * Saves a one-epoch model of `kind` into `modelDir`/`kind` (served as /model/`kind`/) with the
 * app, and returns the app's own predictions for SAVED_MODEL_IMAGES with it: `{ predicted,
 * probabilities }` per image.
 */
async function saveReferenceModel(kind) {
  const dir = join(modelDir, kind);
  await runNotebook(`save a ${kind} with the app`, [
    ...['--model', kind, '--epochs', '1', '--train-limit', '3000', '--test-limit', '100'],
    ...['--seed', '3', '--save', dir, '--quiet'],
  ]);
  const step = `predict with the app's saved ${kind}`;
  const stdout = await runNotebook(step, [
    ...['predict', '--model', dir, '--index', SAVED_MODEL_IMAGES.join(','), '--json'],
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
  const kinds = MODELS.map((m) => m.kind);
  for (const [what, results] of [
    ['trained', result.training],
    ['loaded the saved models of', result.savedModels],
  ]) {
    const reported = Object.keys(results ?? {});
    expect(
      reported.join() === kinds.join(),
      `the page ${what} [${reported.join(', ')}], not [${kinds.join(', ')}]`,
    );
  }
  return problems;
}

/** `1 epoch`, `2 epochs`. */
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** What is wrong with the model of `kind` the page trained (`training`, a TrainingResult). */
function checkTraining({ kind, epochs, minTestAccuracy }, training) {
  const problems = [];
  const expect = (ok, what) => ok || problems.push(`${kind} trained in the page: ${what}`);
  const { trainLoss, untrainedTestLoss, testLoss, testAccuracy, testCount } = training;
  expect(
    trainLoss.length === epochs && trainLoss.every(Number.isFinite),
    `train losses [${trainLoss}], expected ${epochs} finite ones`,
  );
  expect(
    trainLoss.every((loss, epoch) => epoch === 0 || loss < trainLoss[epoch - 1]),
    `train loss did not fall from epoch to epoch: ${trainLoss}`,
  );
  expect(
    testLoss < untrainedTestLoss,
    `test loss did not fall: ${untrainedTestLoss} before training, ${testLoss} after`,
  );
  expect(
    testAccuracy > minTestAccuracy,
    `test accuracy ${testAccuracy} is not above ${minTestAccuracy} after ${plural(epochs, 'epoch')} (chance is 0.1)`,
  );
  expect(testCount === TEST_EXAMPLES, `evaluated ${testCount} examples, not ${TEST_EXAMPLES}`);
  expect(training.leakedTensors === 0, `${training.leakedTensors} tensors leaked`);
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

/**
 * What differs between the page's use of the app's saved model of `kind` and the app's `predict`
 * (`reference`).
 */
function checkSavedModel({ kind, layers }, saved, reference) {
  const problems = [];
  const expect = (ok, what) => ok || problems.push(`the app's saved ${kind}: ${what}`);
  for (const [source, names] of [
    ['model.json over HTTP', saved.layerClassNames],
    ['IndexedDB', saved.indexedDbLayerClassNames],
  ]) {
    expect(
      names.join() === layers.join(),
      `loaded from ${source} it has layers [${names.join(', ')}], not [${layers.join(', ')}]`,
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
// Chromium starts while the app trains; the page only loads once the models are saved.
const [references, browser] = await Promise.all([
  Promise.all(MODELS.map((model) => saveReferenceModel(model.kind))),
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
// check() reports a kind the page left out; the others are checked each.
const problems = [
  ...check(result),
  ...MODELS.flatMap((model, i) => {
    const training = result.training?.[model.kind];
    const saved = result.savedModels?.[model.kind];
    return [
      ...(training ? checkTraining(model, training) : []),
      ...(saved ? checkSavedModel(model, saved, references[i]) : []),
    ];
  }),
];
if (problems.length > 0)
  fail(
    'check page results',
    `\n  - ${problems.join('\n  - ')}\n${JSON.stringify(result, null, 2)}`,
  );
const trained = MODELS.map(({ kind }) => {
  const t = result.training[kind];
  return (
    `${kind} ${plural(t.epochs, 'epoch')}: train loss ${t.trainLoss.map((l) => l.toFixed(4)).join(' -> ')}, ` +
    `test loss ${t.untrainedTestLoss.toFixed(4)} -> ${t.testLoss.toFixed(4)} accuracy ${t.testAccuracy.toFixed(4)} on ${t.testCount}`
  );
});
const predicted = MODELS.map(
  ({ kind }, i) =>
    `${kind} ${references[i].map((p) => p.predicted).join(',')} ` +
    `(largest probability difference ${maxDifference(result.savedModels[kind].probabilities, references[i]).toExponential(1)})`,
);
console.log(
  `check:browser: passed in ${((performance.now() - started) / 1000).toFixed(1)}s: bundle ${scripts.join(', ')} has no Node built-ins; ` +
    `wasm simd=${result.backend.simd} threads=${result.backend.threads}; trained in the page: ${trained.join('; ')}; ` +
    `the app's saved ${MODELS.map((m) => m.kind).join(' and ')} load with tf.loadLayersModel (HTTP and IndexedDB) and predict ` +
    `as the app does for test[${SAVED_MODEL_IMAGES.join(',')}]: ${predicted.join(', ')}`,
);
