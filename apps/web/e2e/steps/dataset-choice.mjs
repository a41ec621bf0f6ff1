import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../support/fail.mjs';
import { OWN_NAMES, OWN_TRAIN, shape, startDataHost } from '../support/own-data-host.mjs';
import { byId, drawDigit, saveModelFiles, text, waitForStatus } from '../support/page-helpers.mjs';
import { dropExpectedErrors } from '../support/service-worker.mjs';

/** Fashion-MNIST's class names, served as the own files' classes.txt. */
const NAMES = OWN_NAMES;
const TRAIN = OWN_TRAIN;

/** Starts a run and waits until Start is enabled again; returns the status line. */
async function runToEnd(page, step) {
  await page.click(byId('start'));
  await page
    .waitForFunction(
      () => !/^(starting|loading)/.test(document.querySelector('[data-testid=status]').textContent),
      null,
      { timeout: 60_000 },
    )
    .catch(() => undefined);
  await page
    .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 })
    .catch(async () => fail(step, `Start stays disabled; status: ${await text(page, 'status')}`));
  return text(page, 'status');
}

/**
 * The data set choice: hostile URLs (not http(s), a 404, a classes.txt of the wrong count, MNIST's
 * files given as Fashion-MNIST's) each get a plain message and leave the page usable; then a run
 * on "your own files" from a CORS-enabled host names the classes by its classes.txt in the
 * probabilities cell, the confusion matrix, the most confident mistakes (a test label in 25 is
 * the next class's) and the pad's answer, and Save's model.json keeps
 * them, so the model loaded from it names its classes again.
 */
export async function datasetChoice(ctx) {
  const { page, url, consoleErrors, results, notes, downloads } = ctx;
  const host = await startDataHost();
  try {
    await page.selectOption(byId('model'), 'mlp');
    for (const [id, value] of Object.entries({ epochs: '2', 'batch-size': '32', seed: '1' }))
      await page.fill(byId(id), value);
    await page.fill(byId('train-limit'), String(TRAIN));
    await page.selectOption(byId('dataset'), 'own');
    if (!(await page.isVisible(byId('dataset-url'))))
      fail('data set choice', 'the URL field is not shown for your own files');
    if (!/CORS/.test(await text(page, 'dataset-url-hint')))
      fail('data set choice', 'the URL help does not mention CORS');

    // The URL field and its help must fit a phone's width too.
    const desktop = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.setViewportSize(desktop);
    if (width > 390)
      fail('data set choice', `with the URL field the page is ${width} px wide at 390`);

    let step = 'data set URL not http(s)';
    await page.fill(byId('dataset-url'), 'ftp://127.0.0.1/own/');
    await page.click(byId('start'));
    if ((await page.getAttribute(byId('dataset-url'), 'aria-invalid')) !== 'true')
      fail(step, 'the URL field is not marked aria-invalid');
    if (!/ftp: URLs cannot be fetched/.test(await text(page, 'dataset-url-error')))
      fail(step, `the field says "${await text(page, 'dataset-url-error')}"`);
    if (!/^Not started: /.test(await text(page, 'status')))
      fail(step, `status: ${await text(page, 'status')}`);

    step = 'data set URL answering 404';
    let from = consoleErrors.length;
    await page.fill(byId('dataset-url'), `${host.url}missing/`);
    if ((await page.getAttribute(byId('dataset-url'), 'aria-invalid')) === 'true')
      fail(step, 'editing the URL does not clear its mark');
    let status = await runToEnd(page, step);
    if (!/HTTP 404/.test(status) || !/missing\//.test(status)) fail(step, `status: ${status}`);
    dropExpectedErrors(consoleErrors, from, /status of 404/);

    step = 'classes.txt with the wrong count';
    from = consoleErrors.length;
    await page.fill(byId('dataset-url'), `${host.url}short/`);
    status = await runToEnd(page, step);
    if (!/classes\.txt: 3 class names for 10 classes/.test(status)) fail(step, `status: ${status}`);
    dropExpectedErrors(consoleErrors, from, /classes\.txt/);

    step = "MNIST's files chosen as Fashion-MNIST";
    await page.selectOption(byId('dataset'), 'fashion-mnist');
    await page.fill(byId('dataset-url'), `${url}mnist/`);
    await page.fill(byId('train-limit'), '1000');
    status = await runToEnd(page, step);
    if (!/is not Fashion-MNIST's t10k-/.test(status) || !/MNIST's t10k-/.test(status))
      fail(step, `status: ${status}`);

    step = 'your own files named by classes.txt';
    await page.selectOption(byId('dataset'), 'own');
    await page.fill(byId('dataset-url'), `${host.url}own`);
    await page.fill(byId('train-limit'), String(TRAIN));
    await page.click(byId('start'));
    await waitForStatus(page, step, 'done', 180_000);
    const captions = await page.$$eval('#test-probabilities figcaption', (all) =>
      all.map((caption) => caption.textContent),
    );
    const alternatives = NAMES.map(escapeRegExp).join('|');
    const named = new RegExp(`^x_test\\[\\d\\]: true (${alternatives}), predicted`);
    if (captions.length === 0 || !captions.every((caption) => named.test(caption)))
      fail(step, `probabilities cell: ${JSON.stringify(captions)}`);
    const bars = await page.$$eval('[data-testid=test-probabilities-0] li', (all) =>
      all.map((item) => item.dataset.className),
    );
    if (bars.join('|') !== NAMES.join('|')) fail(step, `bars: ${JSON.stringify(bars)}`);
    const heads = await page.$$eval('#confusion th', (all) => all.map((th) => th.textContent));
    for (const name of ['T-shirt/top', 'Sneaker', 'Ankle boot'])
      if (!heads.some((head) => head.includes(name)))
        fail(step, `the confusion table's heads lack ${name}: ${JSON.stringify(heads)}`);
    const mistakes = await page.$$eval('#misclassified figcaption', (all) =>
      all.map((caption) => caption.textContent),
    );
    const namedMistake = new RegExp(`^true (${alternatives}), predicted (${alternatives}) \\(`);
    if (mistakes.length === 0 || !mistakes.every((caption) => namedMistake.test(caption)))
      fail(step, `most confident mistakes: ${JSON.stringify(mistakes)}`);
    if (!/test images misclassified/.test(await page.textContent('#misclassified-summary')))
      fail(step, 'the mistakes are counted as digits');
    const accuracy = Number(await text(page, 'test-accuracy'));
    if (!(accuracy > 0.5)) fail(step, `test accuracy ${accuracy} on ten clear shapes`);

    step = "the pad's answer is a class name";
    await drawDigit(page, shape(7));
    const answer = await text(page, 'prediction');
    if (!NAMES.includes(answer)) fail(step, `the pad says "${answer}"`);

    step = 'a saved model keeps its class names';
    const files = await saveModelFiles(page, step, join(downloads, 'own-data'));
    const { userDefinedMetadata } = JSON.parse(readFileSync(files[0], 'utf8'));
    if (userDefinedMetadata?.classNames?.join('|') !== NAMES.join('|'))
      fail(step, `model.json's metadata: ${JSON.stringify(userDefinedMetadata)}`);
    // Back to MNIST: the loaded model still says its own classes' names.
    await page.selectOption(byId('dataset'), 'mnist');
    await page.setInputFiles('#load-files', files);
    // Not just 'loaded': Save's status said "downloaded" a moment ago.
    await waitForStatus(page, step, '^loaded the model from', 120_000);
    if ((await text(page, 'draw-model')) !== 'the loaded model') fail(step, 'no model loaded');
    await drawDigit(page, shape(1));
    const loadedAnswer = await text(page, 'prediction');
    if (!NAMES.includes(loadedAnswer)) fail(step, `the loaded model says "${loadedAnswer}"`);
    results.ownDataAccuracy = accuracy;
    notes.push(
      `own IDX files from a CORS host named by classes.txt (accuracy ${accuracy.toFixed(3)}; an X drawn reads "${answer}"; saved and loaded with its names)`,
    );
  } finally {
    host.server.close();
    await page.selectOption(byId('dataset'), 'mnist');
  }
}

/** `text` with the RegExp metacharacters escaped. */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
