#!/usr/bin/env node
// Drives the built page (dist/) in headless Chromium as a person would, with the stable
// data-testids, one step after another (steps/*.mjs, each one async function of the shared
// context below; support/*.mjs holds the server, the browser and the page helpers). Fails on the
// first step that finds the page wrong, naming it, and on any console error. Screenshots go to
// WEB_CHECK_SHOTS (default: a folder in the temp dir), named in the log; the last lines sum up
// what passed with the figures the steps measured, and how long each step took.
// Env: CHROMIUM_PATH (default /usr/bin/chromium), WEB_CHECK_SHOTS, WEB_CHECK_STEPS (step function
// names, comma-separated, e.g. `openPage,trainOnThreads`: only those run, and the last line lists
// the steps' notes instead of the whole summary, whose figures come from every step).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { badLoads } from './steps/bad-loads.mjs';
import { cacheQuota } from './steps/cache-quota.mjs';
import { convnetTabAndNode } from './steps/convnet-tab-and-node.mjs';
import { datasetChoice } from './steps/dataset-choice.mjs';
import { drawDigits } from './steps/draw-digits.mjs';
import { invalidFields } from './steps/invalid-fields.mjs';
import { loadSaved } from './steps/load-saved.mjs';
import { loadedModelDataset } from './steps/loaded-model-dataset.mjs';
import { mlpInNode } from './steps/mlp-in-node.mjs';
import { mnistCached } from './steps/mnist-cached.mjs';
import { mnistErrorResponses } from './steps/mnist-error-responses.mjs';
import { offlineReload } from './steps/offline-reload.mjs';
import { offlineUncachedMnist } from './steps/offline-uncached-mnist.mjs';
import { openPage } from './steps/open-page.mjs';
import { partialDownload } from './steps/partial-download.mjs';
import { phone } from './steps/phone.mjs';
import { pretrainedPad } from './steps/pretrained-pad.mjs';
import { saveModel } from './steps/save-model.mjs';
import { serviceWorkerControls } from './steps/service-worker-controls.mjs';
import { serviceWorkerUpdate } from './steps/service-worker-update.mjs';
import { stopConvnet } from './steps/stop-convnet.mjs';
import { trainMlp } from './steps/train-mlp.mjs';
import { trainOnThreads } from './steps/train-on-threads.mjs';
import { webAppManifest } from './steps/web-app-manifest.mjs';
import { workerRestart } from './steps/worker-restart.mjs';
import { collectConsoleErrors, launchChromium, openDesktopPage } from './support/browser.mjs';
import { fail } from './support/fail.mjs';
import { startStaticServer } from './support/static-server.mjs';
import { summaryLine } from './support/summary.mjs';

/**
 * The steps, in order. Each gets the context: `page` (the desktop page), `browser`, `url`,
 * `server` (`server.state` steers the static server), `shots`, `downloads`, `dist`, `started`,
 * `consoleErrors`, `results` (figures for the last line) and `notes` (phrases for it); a step may
 * add fields for later steps (`openedAt`, `padReady`, `serviceWorkerInControl`, `testDigits`,
 * `savedFiles`).
 */
const STEPS = [
  openPage,
  pretrainedPad,
  invalidFields,
  serviceWorkerControls,
  trainMlp,
  mnistCached,
  partialDownload,
  mlpInNode,
  drawDigits,
  saveModel,
  convnetTabAndNode,
  stopConvnet,
  loadSaved,
  badLoads,
  workerRestart,
  webAppManifest,
  offlineReload,
  offlineUncachedMnist,
  mnistErrorResponses,
  serviceWorkerUpdate,
  cacheQuota,
  phone,
  datasetChoice,
  loadedModelDataset,
  trainOnThreads,
];
const only = process.env.WEB_CHECK_STEPS?.split(',');
const steps = only === undefined ? STEPS : STEPS.filter((step) => only.includes(step.name));

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
if (!existsSync(join(dist, 'index.html'))) fail('build', `${dist} has no build; run vite build`);
const shots = process.env.WEB_CHECK_SHOTS ?? join(tmpdir(), 'mnist-wasm-web-check');
mkdirSync(shots, { recursive: true });
const downloads = mkdtempSync(join(tmpdir(), 'mnist-wasm-web-model-'));
process.on('exit', () => rmSync(downloads, { recursive: true, force: true }));

const server = await startStaticServer(dist);
const started = performance.now();
const browser = await launchChromium(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
const page = await openDesktopPage(browser);
const consoleErrors = [];
collectConsoleErrors(page, consoleErrors);
const context = {
  ...{ browser, page, url: server.url, server, dist, shots, downloads, started, consoleErrors },
  results: {},
  notes: [],
};

const stepSeconds = [];
for (const step of steps) {
  const begun = performance.now();
  await step(context);
  stepSeconds.push(`${step.name} ${((performance.now() - begun) / 1000).toFixed(1)}`);
}

if (consoleErrors.length > 0) fail('console', consoleErrors.join('\n'));
await browser.close();
server.server.close();
console.log(
  only === undefined
    ? summaryLine(context)
    : `check:web: passed ${steps.map((step) => step.name).join(', ')}: ${context.notes.join('; ')}`,
);
console.log(`check:web: seconds per step: ${stepSeconds.join(', ')}`);
