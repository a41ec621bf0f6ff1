import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { DatasetFile, DatasetFileKey, DatasetSpec } from '../src/index';
import { FILE_NAMES, imagesFile, labelsFile } from './fixtures';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** One data set's files as a test serves them: raw IDX bytes, and the `.gz` as "published". */
export interface FixtureFiles {
  readonly raw: Record<DatasetFileKey, Uint8Array>;
  readonly gz: Record<DatasetFileKey, Buffer>;
}

/**
 * Small real IDX files of one data set: `seed` makes each set's labels (and so its digests) its
 * own. The `.gz` is made once at level 9 with a fixed header, as a published file is.
 */
export function fixtureFiles(seed: number): FixtureFiles {
  const trainLabels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((label) => (label + seed) % 10);
  const testLabels = [9, 8, 7, 6].map((label) => (label + seed) % 10);
  const raw: Record<DatasetFileKey, Uint8Array> = {
    trainImages: imagesFile(trainLabels.length + seed),
    trainLabels: labelsFile([...trainLabels, ...Array(seed).fill(seed % 10)]),
    testImages: imagesFile(testLabels.length),
    testLabels: labelsFile(testLabels),
  };
  const gz = Object.fromEntries(
    Object.entries(raw).map(([key, bytes]) => [key, gzipSync(bytes, { level: 9 })]),
  ) as Record<DatasetFileKey, Buffer>;
  return { raw, gz };
}

/**
 * A catalog entry for `files`, as the real ones are: raw digests when `rawKnown` (Fashion-MNIST's
 * case), else only the `.gz` digests (KMNIST's).
 */
export function fixtureSpec(
  name: string,
  files: FixtureFiles,
  options: { baseUrl: string; rawKnown: boolean; classNames: readonly string[] },
): DatasetSpec {
  const entry = (key: DatasetFileKey): DatasetFile => ({
    name: FILE_NAMES[key],
    kind: key.endsWith('Images') ? 'images' : 'labels',
    size: files.raw[key].length,
    sha256: options.rawKnown ? sha256(files.raw[key]) : null,
    gz: { size: files.gz[key].length, sha256: sha256(files.gz[key]) },
  });
  return {
    name,
    title: name.toUpperCase(),
    baseUrl: options.baseUrl,
    folder: name,
    files: {
      trainImages: entry('trainImages'),
      trainLabels: entry('trainLabels'),
      testImages: entry('testImages'),
      testLabels: entry('testLabels'),
    },
    classNames: options.classNames,
  };
}

/** A local server of data sets' files on 127.0.0.1: `/<set>/<mode>/<name>.gz`. */
export interface DatasetServer {
  readonly origin: string;
  /** Every request path, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * Serves each set's `.gz` files. Modes: `ok` the published bytes; `regzip` the same raw bytes
 * gzipped again at another level (a mirror that recompresses); `truncated` the first half of the
 * published bytes.
 */
export async function startDatasetServer(
  sets: Record<string, FixtureFiles>,
): Promise<DatasetServer> {
  const requests: string[] = [];
  const keyOf = (name: string) =>
    (Object.keys(FILE_NAMES) as DatasetFileKey[]).find((key) => `${FILE_NAMES[key]}.gz` === name);
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const [, set = '', mode = '', name = ''] = (request.url ?? '').split('/');
    const files = sets[set];
    const key = files && keyOf(name);
    if (!files || !key) {
      response.writeHead(404).end('not found');
      return;
    }
    const body =
      mode === 'regzip'
        ? gzipSync(files.raw[key], { level: 1 })
        : mode === 'truncated'
          ? files.gz[key].subarray(0, Math.floor(files.gz[key].length / 2))
          : files.gz[key];
    response.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
