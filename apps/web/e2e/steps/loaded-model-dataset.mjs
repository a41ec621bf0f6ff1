import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS } from '@mnist-wasm/dataset';
import { fail } from '../support/fail.mjs';
import { shape, startDataHost } from '../support/own-data-host.mjs';
import { byId, drawDigit, saveModelFiles, text, waitForStatus } from '../support/page-helpers.mjs';

/** The own files' class names (their classes.txt): Fashion-MNIST's. */
const NAMES = DATASETS['fashion-mnist'].classNames;
const DIGITS = DATASETS.mnist.classNames;
const TRAIN = 2000;

/** Loads `files` with the data set `set` (at `url` for own files) selected; waits for the results. */
async function loadOn(page, step, files, set, url = '') {
  await page.selectOption(byId('dataset'), set);
  if (set === 'own') await page.fill(byId('dataset-url'), url);
  // The previous load's status says "loaded the model from" too: cleared, the next one is new.
  await page.$eval(byId('status'), (status) => {
    status.textContent = '';
  });
  await page.setInputFiles('#load-files', files);
  await waitForStatus(page, step, '^loaded the model from', 120_000);
  const accuracy = Number(await text(page, 'test-accuracy'));
  if (!(accuracy >= 0 && accuracy <= 1)) fail(step, `not evaluated: accuracy "${accuracy}"`);
  const note = (await page.isVisible(byId('dataset-mismatch')))
    ? await text(page, 'dataset-mismatch')
    : '';
  return { accuracy, note };
}

/** The names a caption "true X, predicted Y" gives, or undefined when it says otherwise. */
function trueAndPredicted(caption) {
  const match = /true (.+), predicted (.+?)(?: \(\d+%\))?$/.exec(caption);
  return match === null ? undefined : { true: match[1], predicted: match[2] };
}

/**
 * The test cells after an evaluation: the probabilities' captions and the most confident
 * mistakes name each true label by `trueNames` (the evaluated set's) and each prediction by
 * `modelNames`; the confusion matrix's rows are `trueNames`, its columns `modelNames`.
 */
async function expectTestLabels(page, step, trueNames, modelNames) {
  const captions = [
    ...(await page.$$eval('#test-probabilities figcaption', (all) =>
      all.map((caption) => caption.textContent ?? ''),
    )),
    ...(await page.$$eval('#misclassified figcaption', (all) =>
      all.map((caption) => caption.textContent ?? ''),
    )),
  ];
  if (captions.length < 5) fail(step, `${captions.length} test captions: ${captions.join(' | ')}`);
  for (const caption of captions) {
    const names = trueAndPredicted(caption);
    if (!(names && trueNames.includes(names.true) && modelNames.includes(names.predicted)))
      fail(
        step,
        `caption "${caption}": true labels not the data set's or predictions not the model's`,
      );
  }
  const rows = await page.$$eval('#confusion tbody th', (all) => all.map((th) => th.textContent));
  const columns = await page.$$eval('#confusion thead th', (all) =>
    all.map((th) => th.textContent),
  );
  if (rows.join('|') !== trueNames.join('|'))
    fail(step, `confusion rows (true classes): ${JSON.stringify(rows)}`);
  if (columns.slice(1, -1).join('|') !== modelNames.join('|'))
    fail(step, `confusion columns (predicted classes): ${JSON.stringify(columns)}`);
  return captions[0];
}

/** The pad's answer to a drawn class-`label` shape, which must be one of the model's names. */
async function padAnswer(page, step, label) {
  await drawDigit(page, shape(label));
  const answer = await text(page, 'prediction');
  if (!NAMES.includes(answer)) fail(step, `the pad says "${answer}", not one of the model's names`);
  const bars = await page.$$eval('[data-testid=probabilities] li', (all) =>
    all.map((item) => item.dataset.className),
  );
  if (bars.join('|') !== NAMES.join('|')) fail(step, `pad bars: ${JSON.stringify(bars)}`);
  return answer;
}

/**
 * A loaded model evaluated on another data set than its own: a model trained on own files named
 * as Fashion-MNIST's classes (classes.txt), saved, then loaded with MNIST selected, is evaluated
 * all the same, with a note beside the accuracy that its classes are not MNIST's; recorded as
 * trained on Fashion-MNIST (as the notebook saves such a model), the note names both sets; loaded
 * on the own files again, no note. The pad names the model's classes throughout; the test cells
 * name the true labels by the evaluated set's classes (MNIST's digits, then the own files') and
 * the predictions by the model's.
 */
export async function loadedModelDataset(ctx) {
  const { page, notes, downloads, shots } = ctx;
  const host = await startDataHost();
  try {
    let step = 'loaded model: trained on own files';
    await page.selectOption(byId('model'), 'mlp');
    for (const [id, value] of Object.entries({ epochs: '1', 'batch-size': '32', seed: '1' }))
      await page.fill(byId(id), value);
    await page.fill(byId('train-limit'), String(TRAIN));
    await page.selectOption(byId('dataset'), 'own');
    await page.fill(byId('dataset-url'), `${host.url}own/`);
    await page.click(byId('start'));
    await waitForStatus(page, step, '^done', 180_000);
    if (await page.isVisible(byId('dataset-mismatch')))
      fail(step, `a run says "${await text(page, 'dataset-mismatch')}"`);

    const folder = join(downloads, 'loaded-model-dataset');
    const files = await saveModelFiles(page, step, folder);

    step = 'loaded model: own names evaluated on MNIST';
    let { accuracy, note } = await loadOn(page, step, files, 'mnist');
    if (!/this model's classes are T-shirt\/top, .*; those of MNIST are 0, 1, /.test(note))
      fail(step, `the note beside the results: "${note}"`);
    await expectTestLabels(page, step, DIGITS, NAMES);
    const summary = (await page.textContent('#misclassified-summary')) ?? '';
    if (!/ test digits misclassified;/.test(summary)) fail(step, `mistakes' summary: "${summary}"`);
    const answer = await padAnswer(page, step, 7);

    step = 'loaded model: Fashion-MNIST evaluated on MNIST';
    const json = JSON.parse(readFileSync(files[0], 'utf8'));
    json.userDefinedMetadata = { ...json.userDefinedMetadata, dataset: 'fashion-mnist' };
    const tagged = join(folder, 'fashion', 'model.json');
    mkdirSync(join(folder, 'fashion'), { recursive: true });
    writeFileSync(tagged, JSON.stringify(json));
    ({ accuracy, note } = await loadOn(page, step, [tagged, files[1]], 'mnist'));
    const expected =
      'Note: this model was trained on Fashion-MNIST; it is evaluated on MNIST, so its accuracy says little.';
    if (note !== expected) fail(step, `the note beside the results: "${note}"`);
    const caption = await expectTestLabels(page, step, DIGITS, NAMES);
    const shot = join(shots, 'loaded-model-dataset.png');
    await page.locator('#cell-evaluate').screenshot({ path: shot });
    const mnistAccuracy = accuracy;
    await padAnswer(page, step, 1);

    step = 'loaded model: on the own files it was trained on';
    ({ accuracy, note } = await loadOn(page, step, [tagged, files[1]], 'own', `${host.url}own/`));
    if (note !== '') fail(step, `a note although the classes agree: "${note}"`);
    if (!(accuracy > 0.5)) fail(step, `accuracy ${accuracy} on the shapes it was trained on`);
    await expectTestLabels(page, step, NAMES, NAMES);
    await padAnswer(page, step, 3);

    notes.push(
      `a loaded model of other classes is evaluated on MNIST with a note (accuracy ${mnistAccuracy.toFixed(3)}, on its own files ${accuracy.toFixed(3)}; the pad says "${answer}"; "${caption}")`,
    );
  } finally {
    host.server.close();
    await page.selectOption(byId('dataset'), 'mnist');
  }
}
