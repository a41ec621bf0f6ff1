import { describe, expect, it } from 'vitest';
import {
  DatasetOptionError,
  DownloadError,
  type FetchMnistOptions,
  fetchMnist,
  GzipError,
  MNIST_FILES,
} from '../src/index';
import { NAMES, useMnistServer } from './mnist-server';

const server = useMnistServer();
const base = (mode: string) => `${server().origin}/${mode}/`;

/** The error `promise` rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable('expected fetchMnist to fail'),
    (error: unknown) => error as Error,
  );
}

describe('fetchMnist(baseUrl)', () => {
  it('loads the four files, reporting each file received against its Content-Length', async () => {
    const progress = new Map<string, [number, number | undefined]>();
    const { train, test } = await fetchMnist(base('ok'), {
      onProgress: (file, received, total) => progress.set(file, [received, total]),
    });
    expect(train.count).toBe(60_000);
    expect(test.count).toBe(10_000);
    expect(train.shape).toEqual([28, 28]);
    expect([...train.labels.subarray(0, 5)]).toEqual([5, 0, 4, 1, 9]);
    expect([...test.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
    for (const name of NAMES) {
      const served = server().realGz.get(`${name}.gz`)!.length;
      expect(progress.get(name)).toEqual([served, served]);
    }
  });

  it.each([
    ['raw', 'the raw files under the .gz names'],
    ['encoded', 'Content-Encoding: gzip, decoded by fetch'],
  ])('takes a server that already decoded the gzip (%s: %s)', async (mode) => {
    const { train, test } = await fetchMnist(base(mode), { trainLimit: 3, testLimit: 2 });
    expect([...train.labels]).toEqual([5, 0, 4]);
    expect([...test.labels]).toEqual([7, 2]);
    expect(train.features.length).toBe(3 * 784);
  });

  it('reports progress without a total when the server sends no Content-Length', async () => {
    const totals = new Set<number | undefined>();
    await fetchMnist(base('chunked'), {
      trainLimit: 0,
      onProgress: (_file, _received, total) => totals.add(total),
    });
    expect([...totals]).toEqual([undefined]);
  });

  it('throws DownloadError with the status and the URL for a 404', async () => {
    const error = await rejection(fetchMnist(base('missing')));
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).status).toBe(404);
    expect(error.message).toMatch(/\/missing\/[\w-]+\.gz: HTTP 404/);
    expect(error.message).toContain('check the baseUrl option');
  });

  it('throws DownloadError for a body cut short of its Content-Length', async () => {
    const error = await rejection(fetchMnist(base('drop')));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toMatch(
      /\/drop\/[\w-]+\.gz: the transfer broke off after \d+ of \d+ bytes/,
    );
  });

  it('refuses a Content-Length beyond any gzip of the original before reading', async () => {
    const error = await rejection(fetchMnist(base('huge')));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toContain('announces 10000000000 bytes (Content-Length)');
    expect(error.message).toContain('nothing was read');
  });

  it('stops an endless body at the bound, the original file size plus the gzip overhead', async () => {
    const error = await rejection(fetchMnist(base('endless')));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toMatch(
      /the body passed the limit of \d+ bytes \(no gzip copy of the original/,
    );
  });

  it('stops decompressing at the original size: GzipError with the limit', async () => {
    const error = await rejection(fetchMnist(base('bomb-images')));
    expect(error).toBeInstanceOf(GzipError);
    const { limit } = error as GzipError;
    const sizes = [MNIST_FILES.trainImages.size, MNIST_FILES.testImages.size];
    expect(sizes).toContain(limit?.bytes);
    expect(error.message).toMatch(
      /bomb-images\/[\w-]+-images-idx3-ubyte\.gz: decompresses to more than \d+ bytes, so decompression was stopped \(the original [\w-]+ is \d+ bytes; check the baseUrl option\)/,
    );
  });

  it('throws DownloadError for files that are not the original size', async () => {
    const error = await rejection(fetchMnist(base('wrong')));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toMatch(
      /\/wrong\/[\w-]+\.gz holds \d+ bytes once decompressed, but the original [\w-]+ is \d+ bytes; check the baseUrl option/,
    );
  });

  it('rejects with the signal reason when aborted during the download, and stops reading', async () => {
    const controller = new AbortController();
    const received: number[] = [];
    const loading = fetchMnist(base('slow'), {
      signal: controller.signal,
      onProgress: (_file, bytes) => {
        received.push(bytes);
        controller.abort();
      },
    });
    const error = await rejection(loading);
    expect(error.name).toBe('AbortError');
    const before = received.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(received.length).toBe(before);
  });

  it('rejects before any request when the signal is already aborted', async () => {
    const requests = server().requests.length;
    const reason = new Error('cancelled by the page');
    const error = await rejection(fetchMnist(base('ok'), { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
    expect(server().requests.length).toBe(requests);
  });

  it.each<[string, FetchMnistOptions & { baseUrl?: string }]>([
    ['baseUrl', { baseUrl: 'mnist/' }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['trainLimit', { trainLimit: 1.5 }],
    ['testLimit', { testLimit: -1 }],
  ])('refuses a bad %s with DatasetOptionError', async (option, { baseUrl, ...options }) => {
    const error = await rejection(fetchMnist(baseUrl ?? base('ok'), options));
    expect(error).toBeInstanceOf(DatasetOptionError);
    expect(error.message).toContain(option);
  });
});
