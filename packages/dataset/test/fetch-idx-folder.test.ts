import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClassNamesError,
  DATASETS,
  DatasetOptionError,
  DownloadError,
  fetchIdxFolder,
  GzipError,
} from '../src/index';
import { FILE_NAMES, smallDataset } from './fixtures';

const FASHION = DATASETS['fashion-mnist'].classNames;

/** Folders: /named/ (files and classes.txt), /plain/ (no classes.txt), /short/ (3 names). */
function files(): Map<string, Uint8Array> {
  const served = new Map<string, Uint8Array>();
  const data = smallDataset();
  for (const folder of ['named', 'plain', 'short']) {
    for (const [key, name] of Object.entries(FILE_NAMES)) {
      served.set(`/${folder}/${name}.gz`, gzipSync(data[key as keyof typeof FILE_NAMES]));
    }
  }
  served.set('/named/classes.txt', new TextEncoder().encode(`${FASHION.join('\n')}\n`));
  served.set('/short/classes.txt', new TextEncoder().encode('a\nb\nc\n'));
  // A gzip bomb as the labels: 8 MB of zeros where MNIST's labels file is 60,008 bytes.
  for (const [key, name] of Object.entries(FILE_NAMES)) {
    served.set(`/bomb/${name}.gz`, gzipSync(data[key as keyof typeof FILE_NAMES]));
  }
  served.set('/bomb/train-labels-idx1-ubyte.gz', gzipSync(new Uint8Array(8 * 1024 * 1024)));
  return served;
}

/** Fails the test when the load it follows resolved. */
function unreachable(): never {
  return expect.unreachable('expected fetchIdxFolder to fail');
}

let server: Server;
let origin = '';
beforeAll(async () => {
  const served = files();
  server = createServer((request, response) => {
    const body = served.get(request.url ?? '');
    if (body === undefined) return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetchIdxFolder(baseUrl)', () => {
  it('loads IDX files of any count with the names of classes.txt beside them', async () => {
    const folder = await fetchIdxFolder(`${origin}/named/`, { trainLimit: 4 });
    expect(folder.train.count).toBe(4);
    expect([...folder.test.labels]).toEqual([2, 6, 5, 3]);
    expect(folder.classNames).toEqual(FASHION);
    expect(folder.namedByFile).toBe(true);
  });

  it('names the classes by their digits when the folder has no classes.txt', async () => {
    const folder = await fetchIdxFolder(`${origin}/plain`, { trainLimit: 0 });
    expect(folder.train.count).toBe(0);
    expect(folder.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(folder.namedByFile).toBe(false);
  });

  it('names both counts for a classes.txt with the wrong number of names', async () => {
    const error = await fetchIdxFolder(`${origin}/short/`).then(
      unreachable,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(ClassNamesError);
    expect(error.message).toContain('classes.txt: 3 class names for 10 classes');
  });

  it('throws DownloadError with status 404 for a folder without the files', async () => {
    const error = await fetchIdxFolder(`${origin}/none/`).then(
      unreachable,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).status).toBe(404);
  });

  it("stops decompressing a file at MNIST's size for that file (a gzip bomb)", async () => {
    const error = await fetchIdxFolder(`${origin}/bomb/`).then(
      unreachable,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(GzipError);
    expect(error.message).toContain('train-labels-idx1-ubyte');
    expect(error.message).toContain('60008');
  });

  it('refuses a URL that is not http(s)', async () => {
    await expect(fetchIdxFolder('file:///tmp/')).rejects.toBeInstanceOf(DatasetOptionError);
  });
});
