import { loadMnist } from '@mnist-wasm/dataset/node';
import { fail } from '../support/fail.mjs';
import { byId, drawDigit, text } from '../support/page-helpers.mjs';
import { DRAWN } from '../support/settings.mjs';

/**
 * Before any training the pretrained convnet answers the pad, which a "draw a digit" link in the
 * first screen leads to: traced test digits, each read right and confidently.
 */
export async function pretrainedPad({ page, results }) {
  const drawLink = await page.$(byId('draw-link'));
  if ((await drawLink?.getAttribute('href')) !== '#cell-draw')
    fail('pretrained', 'no "draw a digit" link to the pad near the controls');
  if (!((await drawLink.boundingBox()).y < 900))
    fail('pretrained', 'the "draw a digit" link is below the first screen');
  await page
    .waitForFunction(
      (id) => document.querySelector(`[data-testid=${id}]`)?.textContent === 'pretrained convnet',
      'draw-model',
      { timeout: 60_000 },
    )
    .catch(async () =>
      fail(
        'pretrained',
        `the pad's model is "${await text(page, 'draw-model')}", not the pretrained convnet`,
      ),
    );
  const early = await loadMnist({ trainLimit: 1, testLimit: Math.max(...DRAWN) + 1 });
  results.pretrainedDrawn = [];
  for (const index of DRAWN) {
    const { predicted } = await drawDigit(
      page,
      early.test.features.subarray(index * 784, (index + 1) * 784),
    );
    const shown = await page.getAttribute(
      `${byId('probabilities')} li[data-highlighted=true]`,
      'aria-label',
    );
    const confidence = Number(/([\d.]+)%$/.exec(shown ?? '')?.[1]) / 100;
    results.pretrainedDrawn.push(`${predicted} (${shown})`);
    if (predicted !== early.test.labels[index] || !(confidence >= 0.9)) {
      fail(
        'pretrained',
        `test[${index}], a ${early.test.labels[index]}, drawn before training: ${predicted}, ${shown}`,
      );
    }
  }
  await page.click(byId('clear'));
}
