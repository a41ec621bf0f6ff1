import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, extname, join, normalize, sep } from 'node:path';
import { collectConsoleErrors } from '../support/browser.mjs';
import { fail } from '../support/fail.mjs';
import { byId, padReady, text, waitForStatus } from '../support/page-helpers.mjs';

/** The run: the MLP, one epoch of a few thousand digits. */
const PARTIAL_RUN = { epochs: 1, trainLimit: 3_000, seed: 1, batchSize: 32 };
/** MNIST's files go out in pieces this large, this far apart, so little is in flight at a time. */
const PIECE = 32 * 1024;
const PIECE_GAP_MS = 5;
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
};

/**
 * The build served as the check's static server serves it, but MNIST's files in paced pieces,
 * counting in `sent` the bytes of each written until the browser closed the request.
 */
async function startCountingServer(dist) {
  const sent = {};
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
    if (!path.includes('/mnist/')) {
      response.end(bytes);
      return;
    }
    const name = basename(path);
    sent[name] = 0;
    let closed = false;
    response.on('close', () => {
      closed = true;
    });
    const send = (offset) => {
      if (closed) return;
      const piece = bytes.subarray(offset, offset + PIECE);
      sent[name] = offset + piece.length;
      if (offset + piece.length >= bytes.length) response.end(piece);
      else response.write(piece, () => setTimeout(() => send(offset + PIECE), PIECE_GAP_MS));
    };
    send(0);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, sent, url: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * Only what a run needs: in a fresh context without a service worker (which reads each file whole
 * for its cache), a run on 3,000 images reads a small part of the training images and all of the
 * test set (bytes counted at the server), its progress line ends at 100%, and it trains to a sane
 * accuracy. Also times, there, page open to Start enabled and to the pretrained model answering
 * the pad, and checks the worker says `ready` before it loads the pretrained model.
 */
export async function partialDownload({ browser, dist, consoleErrors, notes }) {
  const { server, sent, url } = await startCountingServer(dist);
  const context = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  collectConsoleErrors(page, consoleErrors, 'partial download: ');
  // Every status line, as the page shows it: the progress line at 100% lasts a moment only.
  // The worker's start-up messages, in order: the pretrained model loads after `ready`.
  await page.addInitScript(() => {
    const PageWorker = window.Worker;
    window.startMessages = [];
    window.Worker = class extends PageWorker {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', ({ data }) => {
          if (data?.type === 'status') window.startMessages.push(`status ${data.text}`);
          else if (/^(ready|pretrained)/.test(data?.type)) window.startMessages.push(data.type);
        });
      }
    };
  });
  await page.addInitScript(() => {
    window.statusLines = [];
    document.addEventListener('DOMContentLoaded', () => {
      const status = document.querySelector('[data-testid=status]');
      new MutationObserver(() => window.statusLines.push(status.textContent)).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
  });
  const opened = performance.now();
  await page.goto(url);
  const padMs = padReady(page, opened);
  await page.waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 });
  const readyMs = performance.now() - opened;
  if (Number.isNaN(await padMs)) fail('partial download', 'the pretrained model never answered');
  const order = (await page.evaluate(() => window.startMessages)).join(', ');
  if (
    !/^status [^,]*, ready, pretrained-loading, status ready, (status ready, )*pretrained\b/.test(
      order,
    )
  )
    fail('partial download', `the worker's start-up messages: ${order}`);
  if (Object.keys(sent).length > 0)
    fail('partial download', `MNIST requested before any run: ${Object.keys(sent).join(', ')}`);

  await page.selectOption(byId('model'), 'mlp');
  for (const [id, value] of Object.entries({
    epochs: PARTIAL_RUN.epochs,
    'batch-size': PARTIAL_RUN.batchSize,
    seed: PARTIAL_RUN.seed,
    'train-limit': PARTIAL_RUN.trainLimit,
  }))
    await page.fill(byId(id), String(value));
  await page.click(byId('start'));
  await waitForStatus(page, 'partial download', 'done');
  const accuracy = Number(await text(page, 'test-accuracy'));
  if (!(accuracy > 0.8))
    fail('partial download', `test accuracy ${accuracy} after ${PARTIAL_RUN.trainLimit} images`);

  const size = (name) => readFileSync(join(dist, 'mnist', name)).length;
  const trainImages = 'train-images-idx3-ubyte.gz';
  const testImages = 't10k-images-idx3-ubyte.gz';
  const share = sent[trainImages] / size(trainImages);
  // 3,000 of 60,000 images are a twentieth of the file; the pieces in flight add a little.
  if (!(sent[trainImages] > 0 && share < 0.15))
    fail(
      'partial download',
      `${sent[trainImages]} of ${size(trainImages)} bytes of ${trainImages} sent`,
    );
  if (sent[testImages] !== size(testImages))
    fail(
      'partial download',
      `${sent[testImages]} of ${size(testImages)} bytes of ${testImages} sent`,
    );
  const lines = await page.evaluate(() => window.statusLines);
  const percents = lines
    .map((line) => /^loading MNIST: [\d.]+ of [\d.]+ MB \((\d+)%\)$/.exec(line)?.[1])
    .filter((percent) => percent !== undefined)
    .map(Number);
  if (percents.at(-1) !== 100 || percents.some((percent) => percent > 100))
    fail('partial download', `progress lines seen: ${JSON.stringify(percents)}`);
  const last = lines.findLast((line) => /\(100%\)$/.test(line));

  await context.close();
  server.close();
  notes.push(
    `a run on ${PARTIAL_RUN.trainLimit.toLocaleString('en-US')} images fetched ${(sent[trainImages] / 1e3).toFixed(0)} kB ` +
      `of the training images' ${(size(trainImages) / 1e6).toFixed(1)} MB (${(100 * share).toFixed(1)}%), ` +
      `progress ended "${last}", test accuracy ${accuracy}; without a service worker, page open to Start ` +
      `${(readyMs / 1000).toFixed(1)} s, to the pretrained pad ${((await padMs) / 1000).toFixed(1)} s`,
  );
}
