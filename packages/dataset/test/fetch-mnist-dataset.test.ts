import { describe, expect, it } from 'vitest';
import { ChecksumError, DATASETS, type DatasetSpec, fetchMnist, sha256Hex } from '../src/index';
import { useMnistServer } from './mnist-server';

// The server serves MNIST's real files: they are the wrong set for any other data set.
const server = useMnistServer();
const base = () => `${server().origin}/ok/`;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable('expected fetchMnist to fail'),
    (error: unknown) => error as Error,
  );
}

describe('fetchMnist(baseUrl, { dataset })', () => {
  it("verifies whole files by SHA-256: MNIST's test files pass as MNIST", async () => {
    const { train, test } = await fetchMnist(base(), { dataset: DATASETS.mnist, trainLimit: 3 });
    expect([...train.labels]).toEqual([5, 0, 4]);
    expect(test.count).toBe(10_000);
  });

  it("names the file and both data sets for MNIST's files fetched as Fashion-MNIST", async () => {
    const error = await rejection(
      fetchMnist(base(), { dataset: DATASETS['fashion-mnist'], trainLimit: 0 }),
    );
    expect(error).toBeInstanceOf(ChecksumError);
    expect((error as ChecksumError).dataset).toBe('mnist');
    expect(error.message).toMatch(
      /t10k-(images-idx3|labels-idx1)-ubyte\.gz is not Fashion-MNIST's/,
    );
    expect(error.message).toContain("that of MNIST's");
  });

  it('checks a part read by its header only: no digest of a file read in part', async () => {
    const { train, test } = await fetchMnist(base(), {
      dataset: DATASETS['fashion-mnist'],
      trainLimit: 4,
      testLimit: 2,
    });
    expect(train.count).toBe(4);
    expect([...test.labels]).toEqual([7, 2]);
  });

  it('says the file is not the original when its digest is no known file', async () => {
    const tampered: DatasetSpec = {
      ...DATASETS.mnist,
      files: {
        ...DATASETS.mnist.files,
        testLabels: { ...DATASETS.mnist.files.testLabels, sha256: '0'.repeat(64) },
      },
    };
    const error = await rejection(fetchMnist(base(), { dataset: tampered, trainLimit: 0 }));
    expect(error).toBeInstanceOf(ChecksumError);
    expect(error.message).toContain("is not that of MNIST's original t10k-labels-idx1-ubyte");
  });

  it('sha256Hex is the SHA-256 in lowercase hex', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
