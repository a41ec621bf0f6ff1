import { fail } from '../support/fail.mjs';
import { sameRunInNode, timedRunInNode } from '../support/node-runs.mjs';
import { byId, waitForStatus } from '../support/page-helpers.mjs';
import { CNN_RUN, RUN, TIMED_ROUNDS } from '../support/settings.mjs';
import { median, windowTimes } from '../support/step-times.mjs';

/**
 * The convnet in the tab and in Node: the same plan, so the same history; the plan's kernels run
 * as SIMD in the tab; the steady-state step time of each side, tab and Node taking turns.
 */
export async function convnetTabAndNode({ page, results }) {
  await page.selectOption(byId('model'), 'cnn');
  await page.fill(byId('epochs'), String(CNN_RUN.epochs));
  await page.fill(byId('train-limit'), String(CNN_RUN.trainLimit));
  const cnnWindows = { tab: [], node: [] };
  let cnnTab;
  for (let round = 0; round < TIMED_ROUNDS; round++) {
    await page.click(byId('start'));
    await waitForStatus(page, 'convnet', 'done');
    const batches = await page.evaluate(() => window.mnistWebBatches);
    if (!(batches.length > 0 && batches.every(({ msPerStep }) => Number.isFinite(msPerStep)))) {
      fail('convnet', "the page received no 'batch' messages with a finite msPerStep");
    }
    cnnWindows.tab.push(...windowTimes(batches));
    cnnTab ??= await page.evaluate(() => window.mnistWeb);
    const inNode = await timedRunInNode('convnet timed in node', 'cnn', CNN_RUN);
    cnnWindows.node.push(...windowTimes(inNode.batches));
  }
  results.cnn = await sameRunInNode('convnet in node', 'cnn', CNN_RUN, cnnTab.history);
  results.cnnWindows = cnnWindows;
  results.cnnTabMs = median(cnnWindows.tab);
  results.cnnNodeMs = median(cnnWindows.node);
  await page.fill(byId('train-limit'), String(RUN.trainLimit));
}
