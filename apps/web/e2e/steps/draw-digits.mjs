import { join } from 'node:path';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { fail } from '../support/fail.mjs';
import { byId, drawDigit, text } from '../support/page-helpers.mjs';
import { DRAWN } from '../support/settings.mjs';

/**
 * Digits drawn on the pad, traced from MNIST test images, each predicted as its label by the
 * model trained here; then Escape on the pad clears the drawing and its prediction.
 */
export async function drawDigits(ctx) {
  const { page, shots, results } = ctx;
  if ((await text(page, 'draw-model')) !== 'the model trained here')
    fail('draw', `the pad's model is "${await text(page, 'draw-model')}" after training`);
  const { test } = await loadMnist({ trainLimit: 1, testLimit: Math.max(...DRAWN) + 1 });
  ctx.testDigits = test;
  const drawn = [];
  for (const index of DRAWN) {
    const pixels = test.features.subarray(index * 784, (index + 1) * 784);
    drawn.push({ index, label: test.labels[index], ...(await drawDigit(page, pixels)) });
  }
  const wrong = drawn.filter((d) => d.predicted !== d.label);
  if (wrong.length > 0) {
    fail(
      'draw',
      `drawn digits predicted wrongly: ${wrong.map((d) => `test[${d.index}] ${d.label} -> ${d.predicted}`).join(', ')}`,
    );
  }
  results.drawn = drawn;
  await page.screenshot({ path: join(shots, 'after-drawing.png'), fullPage: true });
  await page.focus(byId('pad'));
  await page.keyboard.press('Escape');
  if ((await text(page, 'prediction')) !== '') fail('clear', 'Escape left the prediction shown');
}
