import { collectConsoleErrors } from '../support/browser.mjs';
import { fail } from '../support/fail.mjs';
import { byId, padReady, text, waitForStatus } from '../support/page-helpers.mjs';
import { builtMnist } from '../support/service-worker.mjs';
import { startStaticServer } from '../support/static-server.mjs';

/** The run: the MLP, one epoch of a few thousand digits. */
const PARTIAL_RUN = { epochs: 1, trainLimit: 3_000, seed: 1, batchSize: 32 };
/**
 * Only what a run needs: in a fresh context without a service worker (which reads each file whole
 * for its cache), a run on 3,000 images reads a small part of the training images and all of the
 * test set (bytes counted at the server), its progress line ends at 100%, and it trains to a sane
 * accuracy. Also times, there, page open to Start enabled and to the pretrained model answering
 * the pad, and checks the worker says `ready` before it loads the pretrained model.
 */
export async function partialDownload({ browser, dist, consoleErrors, notes }) {
  const { server, state, url } = await startStaticServer(dist);
  state.slowMnist = true;
  const { sent } = state;
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

  const size = (name) => builtMnist(dist)[name];
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
