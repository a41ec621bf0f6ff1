import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DATASETS } from '@mnist-wasm/dataset';
import { fail } from '../support/fail.mjs';
import { byId, drawDigit, text, waitForStatus } from '../support/page-helpers.mjs';
import { dropExpectedErrors } from '../support/service-worker.mjs';

/** Fashion-MNIST's class names, served as the own files' classes.txt. */
const NAMES = DATASETS['fashion-mnist'].classNames;
const TRAIN = 2000;
const TEST = 500;

/**
 * Class `label`'s shape on 28x28, spanning rows and columns 4-23 as the pad's centring and scaling
 * leave a drawing: a bar, a cross, a box, diagonals... (`dx`, `dy` jitter it by a pixel).
 */
export function shape(label, dx = 0, dy = 0) {
  const pixels = new Uint8Array(784);
  const ink = (x, y) => {
    const [px, py] = [x + dx, y + dy];
    if (px >= 0 && px < 28 && py >= 0 && py < 28) pixels[py * 28 + px] = 255;
  };
  for (let a = 4; a < 24; a++) {
    for (let t = 0; t < 3; t++) {
      const line = {
        h: () => ink(a, 12 + t),
        v: () => ink(12 + t, a),
        d: () => ink(a, Math.min(23, a + t)),
        e: () => ink(27 - a, Math.min(23, a + t)),
      };
      const strokes = ['h', 'v', 'hv', 'box', 'fill', 'd', 'e', 'de', 'twoH', 'twoV'][label];
      if (strokes === 'box') {
        ink(a, 4 + t);
        ink(a, 21 + t);
        ink(4 + t, a);
        ink(21 + t, a);
      } else if (strokes === 'fill') {
        for (let b = 4; b < 24; b++) ink(a, b);
      } else if (strokes === 'twoH') {
        ink(a, 5 + t);
        ink(a, 19 + t);
      } else if (strokes === 'twoV') {
        ink(5 + t, a);
        ink(19 + t, a);
      } else {
        for (const stroke of strokes) line[stroke]();
      }
    }
  }
  return pixels;
}

function idx(dims, data) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 + dims.length, 0);
  for (const [d, dim] of dims.entries()) header.writeUInt32BE(dim, 4 + 4 * d);
  return gzipSync(Buffer.concat([header, Buffer.from(data)]));
}

/**
 * `count` jittered shapes, labels cycling through the ten classes: images and labels `.gz`. Every
 * `mislabel`th example is labelled as the next class, so a test set has mistakes to show.
 */
function split(count, seed, mislabel = 0) {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10;
    const jitter = () => Math.floor(random() * 3) - 1;
    images.set(shape(labels[i], jitter(), jitter()), i * 784);
    if (mislabel > 0 && i % mislabel === mislabel - 1) labels[i] = (labels[i] + 1) % 10;
  }
  return { images: idx([count, 28, 28], images), labels: idx([count], labels) };
}

/**
 * A CORS-enabled host (another origin than the page's) serving IDX files in the MNIST layout:
 * /own/ with Fashion-MNIST's names in classes.txt, /short/ with three names, anything else 404.
 */
export async function startDataHost() {
  const train = split(TRAIN, 1);
  const test = split(TEST, 2, 25);
  const files = {
    'train-images-idx3-ubyte.gz': train.images,
    'train-labels-idx1-ubyte.gz': train.labels,
    't10k-images-idx3-ubyte.gz': test.images,
    't10k-labels-idx1-ubyte.gz': test.labels,
  };
  const served = new Map();
  for (const folder of ['own', 'short']) {
    for (const [name, bytes] of Object.entries(files)) served.set(`/${folder}/${name}`, bytes);
  }
  served.set('/own/classes.txt', Buffer.from(`${NAMES.join('\n')}\n`));
  served.set('/short/classes.txt', Buffer.from('shoe\nbag\ncoat\n'));
  const server = createServer((request, response) => {
    const body = served.get(new URL(request.url, 'http://x').pathname);
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (body === undefined) return void response.writeHead(404, cors).end();
    response.writeHead(200, { ...cors, 'Content-Length': body.length }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

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
    const saved = ['model.json', 'weights.bin'].map((name) =>
      page
        .waitForEvent('download', {
          predicate: (download) => download.suggestedFilename() === name,
          timeout: 30_000,
        })
        .then(async (download) => {
          const path = join(downloads, 'own-data', name);
          await download.saveAs(path);
          return path;
        }),
    );
    mkdirSync(join(downloads, 'own-data'), { recursive: true });
    await page.click(byId('save'));
    const files = await Promise.all(saved).catch(() => fail(step, 'Save downloaded no files'));
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
