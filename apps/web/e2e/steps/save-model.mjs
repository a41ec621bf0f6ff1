import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../support/fail.mjs';
import { byId, waitForStatus } from '../support/page-helpers.mjs';

/** Save: two downloads (model.json, weights.bin), and Load from browser becomes enabled. */
export async function saveModel(ctx) {
  const { page, downloads } = ctx;
  const saved = [];
  page.on('download', (download) => {
    saved.push(download.saveAs(join(downloads, download.suggestedFilename())));
  });
  await page.click(byId('save'));
  await waitForStatus(page, 'save', 'saved');
  await page.waitForTimeout(1000);
  await Promise.all(saved);
  const files = ['model.json', 'weights.bin'].map((name) => join(downloads, name));
  if (!files.every(existsSync))
    fail('save', `downloads: ${saved.length}; expected model.json and weights.bin`);
  ctx.savedFiles = files;
  if (await page.isDisabled(byId('load-indexeddb')))
    fail('save', 'Load from browser stays disabled after Save stored the model');
}
