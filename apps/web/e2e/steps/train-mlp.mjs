import { join } from 'node:path';
import { fail } from '../support/fail.mjs';
import { byId, inkOf, text, waitForStatus } from '../support/page-helpers.mjs';
import { RUN } from '../support/settings.mjs';
import { median, windowTimes } from '../support/step-times.mjs';

/** Trains the notebook's model on 10,000 digits: the accuracy, the charts drew, the step times. */
export async function trainMlp({ page, shots, started, results }) {
  await page.selectOption(byId('model'), 'mlp');
  await page.fill(byId('epochs'), String(RUN.epochs));
  await page.fill(byId('batch-size'), String(RUN.batchSize));
  await page.fill(byId('seed'), String(RUN.seed));
  await page.fill(byId('train-limit'), String(RUN.trainLimit));
  await page.click(byId('start'));
  await waitForStatus(page, 'train', 'done');
  results.firstEpochSeconds = (performance.now() - started) / 1000;
  const accuracy = Number(await text(page, 'test-accuracy'));
  if (!(accuracy > 0.8))
    fail('train', `test accuracy ${accuracy}, expected above 0.8 (chance 0.1)`);
  for (const chart of ['chart-batch-loss', 'chart-batch-accuracy', 'chart-epoch-loss']) {
    if ((await inkOf(page, chart)) < 100) fail('charts', `${chart} drew nothing`);
  }
  results.accuracy = accuracy;
  results.mlpHistory = (await page.evaluate(() => window.mnistWeb)).history;
  results.mlpTabMs = median(windowTimes(await page.evaluate(() => window.mnistWebBatches)));
  await page.screenshot({ path: join(shots, 'after-training.png'), fullPage: true });
}
