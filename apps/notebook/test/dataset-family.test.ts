import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASETS } from '@mnist-wasm/dataset';
import { textWidth } from '@mnist-wasm/evaluator';
import { bandedSplit, useTempFolder } from '@mnist-wasm/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledMnistDir } from './mnist-files';
import { notebook } from './run-cli';

const temp = useTempFolder('mnist-family-');
const FASHION = DATASETS['fashion-mnist'].classNames;
const KMNIST = DATASETS.kmnist.classNames;

let dir: string;

beforeAll(async () => {
  dir = temp.path();
  const [trainImages, trainLabels] = bandedSplit(200);
  const [testImages, testLabels] = bandedSplit(40);
  await writeFile(join(dir, 'train-images-idx3-ubyte'), trainImages);
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), trainLabels);
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), testImages);
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), testLabels);
});

const RUN = ['--epochs', '2', '--seed', '3', '--no-verify'];

describe('mnist-notebook --dataset', () => {
  it('names the classes in the cells, the --json run, the report and the saved model', async () => {
    const report = join(temp.path(), 'run.html');
    const model = join(temp.path(), 'model');
    const { code, stdout, stderr } = await notebook(
      ...['--dataset', 'fashion-mnist', '--data-dir', dir, ...RUN],
      ...['--json', '--report', report, '--save', model],
    );
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.dataset).toBe('fashion-mnist');
    expect(result.classNames).toEqual(FASHION);
    expect(stderr).toContain('fashion_mnist.load_data()');
    const predicted = stderr.split('\n').filter((line) => line.includes('  predicted '));
    expect(predicted).toHaveLength(5);
    for (const line of predicted) {
      const [, guess, truth] = /predicted (.+), true (.+)$/.exec(line)!;
      expect(FASHION).toContain(guess);
      expect(FASHION).toContain(truth);
    }
    expect(predicted[0]).toMatch(/, true T-shirt\/top$/);
    const header = stderr.split('\n').find((line) => line.includes('true\\pred'))!;
    expect(header).toMatch(/T-shirt\/top +Trouser .* Ankle boot +support +recall$/);
    expect(stderr).toMatch(/\n Ankle boot +\d+/);
    const html = await readFile(report, 'utf8');
    expect(html).toContain('mnist-notebook --dataset fashion-mnist --model mlp');
    expect(html).toContain('"Ankle boot"');
    const json = JSON.parse(await readFile(join(model, 'model.json'), 'utf8'));
    expect(json.userDefinedMetadata).toEqual({ classNames: FASHION, dataset: 'fashion-mnist' });

    const text = await notebook(
      'predict',
      '--model',
      model,
      '--index',
      '0,1',
      '--data-dir',
      dir,
      '--no-verify',
    );
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^test\[0\]: (.+) \(probability 0\.\d{4}\), true label T-shirt\/top$/);
    expect(lines[1]).toMatch(/, true label Sneaker$/);
    expect(FASHION).toContain(/^test\[0\]: (.+) \(/.exec(lines[0]!)![1]);
    const asJson = await notebook(
      ...['predict', '--model', model, '--index', '1', '--data-dir', dir, '--no-verify', '--json'],
    );
    const predictions = JSON.parse(asJson.stdout);
    expect(predictions).toMatchObject({ classNames: FASHION, dataset: 'fashion-mnist' });
    expect(predictions.predictions[0]).toMatchObject({ label: 7, labelName: 'Sneaker' });
    expect(predictions.predictions[0].className).toBe(
      FASHION[predictions.predictions[0].predicted],
    );
    expect(predictions.predictions[0].digit).toBeUndefined();
  }, 180_000);

  it('takes --class-names, and lines up a confusion matrix of kana', async () => {
    const names = join(temp.path(), 'kana.txt');
    await writeFile(names, `${KMNIST.join('\n')}\n`);
    const { code, stdout, stderr } = await notebook(
      ...['--data-dir', dir, ...RUN, '--epochs', '1', '--class-names', names, '--json'],
    );
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout).classNames).toEqual(KMNIST);
    const lines = stderr.split('\n');
    const start = lines.findIndex((line) => line.includes('true\\pred'));
    const table = lines.slice(start, start + 11);
    expect(table[0]).toContain('つ (tsu)');
    expect(table[4]).toMatch(/^ +つ \(tsu\) /);
    expect(new Set(table.map(textWidth)).size).toBe(1);
  }, 120_000);

  it('refuses a class-names file of the wrong count, naming both counts, before training', async () => {
    const names = join(temp.path(), 'three.txt');
    await writeFile(names, 'a\nb\nc\n');
    const { code, stderr } = await notebook('--data-dir', dir, ...RUN, '--class-names', names);
    expect(code).toBe(1);
    expect(stderr).toContain(`mnist-notebook: ${names}: 3 class names for 10 classes`);
    expect(stderr).not.toContain('In [5]');
  });

  it("names the data set a wrong data set's file belongs to", async () => {
    const mnist = bundledMnistDir();
    const { code, stderr } = await notebook(
      ...['--dataset', 'fashion-mnist', '--data-dir', mnist, '--test-limit', '10', '--quiet'],
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${join(mnist, 'train-images-idx3-ubyte')} is not Fashion-MNIST's train-images-idx3-ubyte (its SHA-256 is that of MNIST's train-images-idx3-ubyte)`,
    );
    expect(stderr).toContain('In mnist-notebook, that is --dataset mnist.');
  });

  it('refuses an unknown --dataset, listing the known ones; --help lists them', async () => {
    const { code, stderr } = await notebook('--dataset', 'cifar10');
    expect(code).toBe(1);
    expect(stderr).toContain(
      'mnist-notebook: --dataset cifar10: not a data set this app knows; choose one of mnist (MNIST), fashion-mnist (Fashion-MNIST), kmnist (Kuzushiji-MNIST)',
    );
    const help = await notebook('--help');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'mnist (MNIST), fashion-mnist (Fashion-MNIST), kmnist (Kuzushiji-MNIST)',
    );
  });
});
