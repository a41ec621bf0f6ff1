import { readFileSync } from 'node:fs';
import { fail } from '../support/fail.mjs';
import { byId, text, waitForStatus } from '../support/page-helpers.mjs';
import { RUN } from '../support/settings.mjs';

const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Files that are not a model: each gets a message naming the file, the shown results stay, and
 * the page stays usable (Start works after).
 */
export async function badLoads({ page, savedFiles, results }) {
  const modelJsonBytes = readFileSync(savedFiles[0]);
  const BAD_LOADS = [
    {
      step: 'load broken json',
      files: [{ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"model') }],
      message: 'model\\.json is not valid JSON',
    },
    {
      step: 'load without weights',
      files: [{ name: 'model.json', mimeType: 'application/json', buffer: modelJsonBytes }],
      message: 'needs the weight file weights\\.bin, which was not picked',
    },
    {
      step: 'load an image as weights',
      files: [
        { name: 'model.json', mimeType: 'application/json', buffer: modelJsonBytes },
        { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: PNG_BYTES },
      ],
      message: `weights\\.bin has ${PNG_BYTES.length} bytes, but the weights model\\.json describes need`,
    },
  ];
  const shownAccuracy = await text(page, 'test-accuracy');
  for (const bad of BAD_LOADS) {
    await page.setInputFiles('#load-files', bad.files);
    try {
      await page.waitForFunction(
        (source) =>
          new RegExp(source).test(document.querySelector('[data-testid=status]').textContent),
        bad.message,
        { timeout: 30_000 },
      );
    } catch {
      fail(bad.step, `status is "${await text(page, 'status')}", not /${bad.message}/`);
    }
    await page
      .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 10_000 })
      .catch(() => fail(bad.step, 'Start stays disabled after the failed load'));
    for (const id of ['load', 'load-indexeddb']) {
      if (await page.isDisabled(byId(id))) fail(bad.step, `${id} stays disabled`);
    }
    if ((await text(page, 'test-accuracy')) !== shownAccuracy)
      fail(bad.step, `the shown test accuracy changed to ${await text(page, 'test-accuracy')}`);
  }
  results.badLoads = BAD_LOADS.length;
  await page.selectOption(byId('model'), 'mlp');
  await page.fill(byId('epochs'), String(RUN.epochs));
  await page.fill(byId('train-limit'), String(RUN.trainLimit));
  await page.click(byId('start'));
  await waitForStatus(page, 'start after failed loads', 'done');
}
