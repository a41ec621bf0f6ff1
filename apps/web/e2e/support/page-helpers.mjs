import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from './fail.mjs';

/** The selector of a `data-testid`. */
export const byId = (id) => `[data-testid=${id}]`;

/** The trimmed text of the element with test id `id`. */
export const text = async (page, id) => ((await page.textContent(byId(id))) ?? '').trim();

/** Waits until the status matches `pattern` (a RegExp source); fails if it then says error. */
export async function waitForStatus(page, step, pattern, timeout = 180_000) {
  try {
    await page.waitForFunction(
      (source) =>
        new RegExp(source).test(document.querySelector('[data-testid=status]').textContent),
      pattern,
      { timeout },
    );
  } catch {
    fail(step, `status is "${await text(page, 'status')}", not /${pattern}/`);
  }
  if (/error/i.test(await text(page, 'status')))
    fail(step, `status: ${await text(page, 'status')}`);
}

/** Milliseconds from `since` until the pretrained convnet answers the pad; fails after a minute. */
export function padReady(page, since) {
  return page
    .waitForFunction(
      () =>
        document.querySelector('[data-testid=draw-model]')?.textContent === 'pretrained convnet',
      null,
      { timeout: 60_000, polling: 50 },
    )
    .then(
      () => performance.now() - since,
      () => Number.NaN,
    );
}

/** Pixels of a chart's canvas that are not its background: it drew something. */
export const inkOf = (page, testId) =>
  page.evaluate((id) => {
    const canvas = document.querySelector(`[data-testid=${id}] canvas`);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
    return ink;
  }, testId);

/**
 * Draws a 28x28 MNIST digit on the pad with the mouse: one stroke along each run of ink of each
 * row, scaled to the pad, as pointer events.
 */
export async function drawDigit(page, pixels) {
  await page.click(byId('clear'));
  const pad = await page.$(byId('pad'));
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  const scale = box.width / 28;
  const at = (x, y) => [box.x + (x + 0.5) * scale, box.y + (y + 0.5) * scale];
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (pixels[y * 28 + x] < 128) continue;
      let end = x;
      while (end + 1 < 28 && pixels[y * 28 + end + 1] >= 128) end++;
      await page.mouse.move(...at(x, y));
      await page.mouse.down();
      await page.mouse.move(...at(end, y), { steps: Math.max(1, end - x) });
      await page.mouse.up();
      x = end;
    }
  }
  // The pad classifies once per animation frame: wait until the answer stops changing.
  let last = '';
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(100);
    const now = await page.textContent(byId('probabilities'));
    if (now && now === last && (await text(page, 'prediction')) !== '') break;
    last = now;
  }
  return { predicted: Number(await text(page, 'prediction')), probabilities: last };
}

/**
 * Clicks Save and waits for its two downloads, saved in `folder` (made if missing): their paths,
 * model.json first. Fails `step` if Save downloads nothing.
 */
export async function saveModelFiles(page, step, folder) {
  mkdirSync(folder, { recursive: true });
  const saved = ['model.json', 'weights.bin'].map((name) =>
    page
      .waitForEvent('download', {
        predicate: (download) => download.suggestedFilename() === name,
        timeout: 30_000,
      })
      .then(async (download) => {
        const path = join(folder, name);
        await download.saveAs(path);
        return path;
      }),
  );
  await page.click(byId('save'));
  return Promise.all(saved).catch(() => fail(step, 'Save downloaded no files'));
}
