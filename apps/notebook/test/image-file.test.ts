import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigitImageError } from '../src/errors';
import { readImageFile } from '../src/image-file';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-image-file-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refusal(file: string): Promise<DigitImageError> {
  const error = await readImageFile(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DigitImageError);
  expect((error as DigitImageError).file).toBe(file);
  return error as DigitImageError;
}

describe('readImageFile', () => {
  it('reads a regular file whole', async () => {
    const file = join(root, 'digit.png');
    await writeFile(file, Buffer.from('not really a PNG'));
    expect((await readImageFile(file)).toString()).toBe('not really a PNG');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // No writer ever opens it: a blocking open would wait forever (the test would time out).
    const error = await refusal(fifo);
    expect(error.message).toBe(
      `${fifo} is not a regular file (it is a named pipe); pass the path of an image file ` +
        '(PNG, JPEG, WebP, BMP or GIF).',
    );
  });

  it('refuses a device and a folder, naming what they are', async () => {
    expect((await refusal('/dev/zero')).message).toContain(
      '/dev/zero is not a regular file (it is a device)',
    );
    const folder = join(root, 'folder.png');
    await mkdir(folder);
    expect((await refusal(folder)).message).toContain(
      `${folder} is not a regular file (it is a folder)`,
    );
  });

  it('says a missing file does not exist', async () => {
    const missing = join(root, 'missing.png');
    expect((await refusal(missing)).message).toBe(`${missing} does not exist.`);
  });
});
