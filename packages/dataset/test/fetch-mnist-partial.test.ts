import { beforeAll, describe, expect, it } from 'vitest';
import {
  DownloadError,
  fetchMnist,
  GzipError,
  MNIST_FILES,
  type Mnist,
  type MnistSplit,
} from '../src/index';
import { useMnistServer } from './mnist-server';

const server = useMnistServer();
const base = (mode: string) => `${server().origin}/${mode}/`;
const TRAIN_IMAGES = MNIST_FILES.trainImages.name;
const TRAIN_LABELS = MNIST_FILES.trainLabels.name;

/** The whole of MNIST, loaded once, to compare the partial loads with. */
let full: Mnist;
beforeAll(async () => {
  full = await fetchMnist(base('ok'));
}, 60_000);

/** The error `promise` rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable('expected fetchMnist to fail'),
    (error: unknown) => error as Error,
  );
}

/** Whether `a` and `b` hold the same bytes (compared at once: toEqual goes element by element). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(
    Buffer.from(b.buffer, b.byteOffset, b.length),
  );
}

function expectFirstOf(split: MnistSplit, whole: MnistSplit, count: number): void {
  expect(split.count).toBe(count);
  expect(split.shape).toEqual([28, 28]);
  expect(split.features).toHaveLength(count * 784);
  expect(sameBytes(split.features, whole.features.subarray(0, count * 784))).toBe(true);
  expect(sameBytes(split.labels, whole.labels.subarray(0, count))).toBe(true);
}

/** The bytes the paced server sent of `name` since `before` requests, in all its requests. */
function sentOf(name: string, before: number): number {
  const paths = server()
    .requests.slice(before)
    .filter((path) => path.includes(`/${name}.gz`));
  return paths.reduce((sum, path) => sum + (server().sent.get(path) ?? 0), 0);
}

describe('fetchMnist with limits reads only what they need', () => {
  it('reads a small part of the training images for trainLimit 1000, the same examples', async () => {
    const before = server().requests.length;
    const mnist = await fetchMnist(base('paced'), { trainLimit: 1000, testLimit: 0 });
    expectFirstOf(mnist.train, full.train, 1000);
    const file = server().realGz.get(`${TRAIN_IMAGES}.gz`)!.length;
    const sent = sentOf(TRAIN_IMAGES, before);
    // 1,000 of 60,000 images are under 2% of the file; pieces in flight add a few more.
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(file / 10);
  });

  it('requests none of a split limited to 0, and gives it no examples', async () => {
    const before = server().requests.length;
    const { train, test } = await fetchMnist(base('ok'), { trainLimit: 0, testLimit: 3 });
    const requested = server().requests.slice(before);
    expect(requested.some((path) => path.includes('train-'))).toBe(false);
    expect(requested).toHaveLength(2);
    expect(train.count).toBe(0);
    expect(train.features).toHaveLength(0);
    expect(train.labels).toHaveLength(0);
    expectFirstOf(test, full.test, 3);
  });

  it('with both limits 0 requests nothing', async () => {
    const before = server().requests.length;
    const { train, test } = await fetchMnist(base('ok'), { trainLimit: 0, testLimit: 0 });
    expect(server().requests.length).toBe(before);
    expect([train.count, test.count]).toEqual([0, 0]);
  });

  it.each([
    ['ok', 'gzip with Content-Length'],
    ['chunked', 'gzip without Content-Length'],
    ['raw', 'the raw files'],
    ['encoded', 'Content-Encoding: gzip'],
  ])('gives the first examples of the whole load (%s: %s)', async (mode) => {
    const { train, test } = await fetchMnist(base(mode), { trainLimit: 2345, testLimit: 678 });
    expectFirstOf(train, full.train, 2345);
    expectFirstOf(test, full.test, 678);
  });

  it('reads a limit above the count as the whole file', async () => {
    const { test } = await fetchMnist(base('ok'), { trainLimit: 0, testLimit: 1_000_000 });
    expectFirstOf(test, full.test, 10_000);
  });

  it('reports progress that ends at 100% of what a partial read took', async () => {
    const last = new Map<string, [number, number | undefined]>();
    const calls: [string, number, number | undefined][] = [];
    await fetchMnist(base('paced'), {
      trainLimit: 5000,
      onProgress: (file, received, total) => {
        calls.push([file, received, total]);
        last.set(file, [received, total]);
      },
    });
    for (const [, received, total] of calls) {
      expect(total).toBeDefined();
      expect(received).toBeLessThanOrEqual(total!);
    }
    // Every file ends with its total reached; the training images' total is a share of the file.
    for (const [file, [received, total]] of last) {
      expect(received, file).toBe(total);
    }
    const trainTotal = last.get(TRAIN_IMAGES)![1]!;
    expect(trainTotal).toBeLessThan(server().realGz.get(`${TRAIN_IMAGES}.gz`)!.length / 4);
    expect(last.get(TRAIN_LABELS)![0]).toBeGreaterThan(0);
    const testImages = server().realGz.get(`${MNIST_FILES.testImages.name}.gz`)!.length;
    expect(last.get(MNIST_FILES.testImages.name)).toEqual([testImages, testImages]);
  });

  it('still refuses a file cut short before the examples asked for', async () => {
    const error = await rejection(fetchMnist(base('drop'), { trainLimit: 50_000, testLimit: 0 }));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toMatch(/\/drop\/train-[\w-]+\.gz: the transfer broke off after/);
  });

  it('refuses other MNIST-layout files read in part: DownloadError naming the URL', async () => {
    // Their 6 training images are too few for 10 examples, and one example is in their first 6.
    const short = await rejection(fetchMnist(base('wrong'), { trainLimit: 10, testLimit: 0 }));
    expect(short).toBeInstanceOf(DownloadError);
    expect(short.message).toMatch(
      /\/wrong\/train-[\w-]+\.gz holds \d+ bytes once decompressed, but the original [\w-]+ is \d+ bytes and its first \d+ bytes were needed; check the baseUrl option/,
    );
    const declared = await rejection(fetchMnist(base('wrong'), { trainLimit: 1, testLimit: 0 }));
    expect(declared).toBeInstanceOf(DownloadError);
    expect(declared.message).toMatch(
      /\/wrong\/train-[\w-]+\.gz declares 6 (images|labels) \(\d+ bytes\), but the original [\w-]+ holds 60000/,
    );
  });

  it('refuses a gzip bomb read in part by its header, and whole by its size', async () => {
    const part = await rejection(fetchMnist(base('bomb-images'), { trainLimit: 10, testLimit: 0 }));
    expect(part.name).toBe('IdxFormatError');
    expect(part.message).toMatch(/bomb-images\/train-images-idx3-ubyte\.gz: magic number 0/);
    const whole = await rejection(fetchMnist(base('bomb-images'), { trainLimit: 0 }));
    expect(whole).toBeInstanceOf(GzipError);
  });

  it('stops a partial read on abort and rejects with the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped by the page');
    const error = await rejection(
      fetchMnist(base('slow'), {
        trainLimit: 30_000,
        signal: controller.signal,
        onProgress: () => controller.abort(reason),
      }),
    );
    expect(error).toBe(reason);
  });
});
