import { chromium } from 'playwright-core';

/** Headless Chromium at `executablePath`, quiet: no sandbox, GPU, background networking or sync. */
export function launchChromium(executablePath) {
  return chromium.launch({
    executablePath,
    args: [
      ...['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      ...['--disable-component-update', '--disable-sync'],
    ],
  });
}

/** Collects `page`'s console errors and uncaught exceptions into `errors`, each with `prefix`. */
export function collectConsoleErrors(page, errors, prefix = '') {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${prefix}${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${prefix}${error.message}`));
}

/**
 * The desktop page (1200x900, downloads accepted) with the page's own progress messages recorded
 * as it receives them: the trainer's `msPerStep` after each batch (the running mean of the epoch
 * so far) gives the batch-end times without timing anything in the page.
 */
export async function openDesktopPage(browser) {
  const page = await browser.newPage({
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
  });
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
  return page;
}
