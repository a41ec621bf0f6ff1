import { fail } from '../support/fail.mjs';
import { byId, drawDigit, waitForStatus } from '../support/page-helpers.mjs';

/** Stops a convnet mid-training: the page stays usable and the stopped model predicts. */
export async function stopConvnet({ page, testDigits }) {
  await page.selectOption(byId('model'), 'cnn');
  await page.fill(byId('epochs'), '3');
  await page.click(byId('start'));
  await page.waitForFunction(() => document.querySelector('#progress').value > 20, null, {
    timeout: 120_000,
  });
  await page.click(byId('stop'));
  await waitForStatus(page, 'stop', 'stopped');
  const afterStop = await drawDigit(page, testDigits.features.subarray(0, 784));
  if (Number.isNaN(afterStop.predicted)) fail('stop', 'the stopped model predicts nothing');
}
