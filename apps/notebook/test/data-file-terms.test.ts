import {
  ChecksumError,
  DataFileNotFoundError,
  DownloadError,
  GzipError,
  IdxFormatError,
} from '@mnist-wasm/dataset';
import { describe, expect, it } from 'vitest';
import { inAppTerms } from '../src/data-file-terms';

const WHY = 'the maxBytes option is 268435456; raise it if the file is really that large';

describe('inAppTerms', () => {
  it('words the maxBytes limit as what the user can do, keeping class, file and limit', () => {
    const limit = { bytes: 268_435_456, why: WHY, option: 'maxBytes' as const };
    for (const Class of [GzipError, IdxFormatError]) {
      const error = new Class('d/f.gz', `d/f.gz: too large (${WHY}); nothing was read.`, { limit });
      const worded = inAppTerms(error, 'd') as GzipError;
      expect(worded).toBeInstanceOf(Class);
      expect(worded).toMatchObject({ file: 'd/f.gz', limit, cause: error });
      expect(worded.message).toBe(
        'd/f.gz: too large (mnist-notebook reads at most 268,435,456 bytes of a file it does not check against the MNIST originals (--no-verify), and no flag raises that); nothing was read.',
      );
      expect(worded.message).not.toContain('maxBytes');
    }
  });

  it("leaves a limit set by the original's size as it is", () => {
    const limit = { bytes: 60008, why: 'the original train-labels-idx1-ubyte is 60008 bytes' };
    const error = new GzipError('f.gz', `f.gz: too large (${limit.why})`, { limit });
    expect(inAppTerms(error, undefined)).toBe(error);
  });

  it('says a failed download of another data set as what to do, with no library option', () => {
    const url = 'http://codh.rois.ac.jp/kmnist/dataset/kmnist/t10k-labels-idx1-ubyte.gz';
    const error = new DownloadError(
      url,
      `Could not download ${url}: HTTP 404 Not Found; check the baseUrl option (it must be the folder holding t10k-labels-idx1-ubyte.gz).`,
      { status: 404 },
    );
    const worded = inAppTerms(error, undefined, 'kmnist') as DownloadError;
    expect(worded).toBeInstanceOf(DownloadError);
    expect(worded).toMatchObject({ file: url, status: 404, cause: error });
    expect(worded.message).toBe(
      `Could not download ${url}: HTTP 404 Not Found. mnist-notebook downloads --dataset kmnist once into its cache: check the network, or fetch the four .gz files yourself and pass their folder with --data-dir.`,
    );
    expect(inAppTerms(error, undefined)).toBe(error);
    const missing = new DataFileNotFoundError('d/x', 'd/x: no such file.');
    expect((inAppTerms(missing, 'd', 'fashion-mnist') as Error).message).toBe(
      "d/x: no such file. The folder is --data-dir d; leave --data-dir out to use --dataset fashion-mnist's files, downloaded once into the cache.",
    );
  });

  it('names --data-dir for a missing file under it, and only then', () => {
    const error = new DataFileNotFoundError('d/x', 'd/x: no such file; choose the folder.');
    const worded = inAppTerms(error, 'd') as Error;
    expect(worded).toBeInstanceOf(DataFileNotFoundError);
    expect(worded.message).toBe(
      'd/x: no such file; choose the folder. The folder is --data-dir d; leave --data-dir out to use the MNIST files shipped with mnist-notebook.',
    );
    expect(inAppTerms(error, undefined)).toBe(error);
    const checksum = new ChecksumError('d/x', 'bad', 'a', 'b');
    expect(inAppTerms(checksum, 'd')).toBe(checksum);
  });
});
