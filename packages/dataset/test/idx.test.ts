import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DataFileError,
  DatasetError,
  GzipError,
  gunzip,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  IdxFormatError,
  isGzip,
  readIdx,
} from '../src/index';
import { idxFile, imagesFile, labelsFile, pixelAt } from './fixtures';

describe('readIdx', () => {
  it('reads a labels file: dims and data', () => {
    const { dims, data } = readIdx(labelsFile([7, 2, 1]), 'labels.idx', IDX_LABELS_MAGIC);
    expect(dims).toEqual([3]);
    expect([...data]).toEqual([7, 2, 1]);
  });

  it('reads an images file row-major, as a plain Uint8Array view', () => {
    const bytes = imagesFile(2, 3, 4);
    const { dims, data } = readIdx(bytes, 'images.idx', IDX_IMAGES_MAGIC);
    expect(dims).toEqual([2, 3, 4]);
    expect(data.length).toBe(24);
    expect(data[0]).toBe(pixelAt(0, 0));
    expect(data[12 + 5]).toBe(pixelAt(1, 5));
    expect(data.buffer).toBe(bytes.buffer);
    expect(data.byteOffset).toBe(16);
  });

  it('reads a Node Buffer without returning a Buffer', () => {
    const { data } = readIdx(Buffer.from(labelsFile([1, 2])), 'labels.idx');
    expect(Buffer.isBuffer(data)).toBe(false);
    expect([...data]).toEqual([1, 2]);
  });

  it('rejects the wrong kind of file, naming file and both magic numbers', () => {
    const read = () => readIdx(labelsFile([1]), 'train-labels-idx1-ubyte', IDX_IMAGES_MAGIC);
    expect(read).toThrow(IdxFormatError);
    expect(read).toThrow(
      /train-labels-idx1-ubyte: magic number 2049 .* where 2051 .* was expected/,
    );
  });

  it('rejects bytes that are not IDX at all', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    expect(() => readIdx(png, 'digit.png')).toThrow(
      /digit\.png: magic number 2303741511 \(0x89504e47\) is not that of an IDX file of uint8/,
    );
  });

  it('rejects gzip bytes with a hint to decompress them', () => {
    const gz = gzipSync(labelsFile([1]));
    expect(() => readIdx(gz, 'labels.gz')).toThrow(/labels\.gz: the bytes are gzip-compressed/);
  });

  it('rejects a file too short for a header', () => {
    expect(() => readIdx(new Uint8Array([0, 0]), 'empty.idx')).toThrow(
      /empty\.idx: 2 bytes is too short for an IDX header/,
    );
  });

  it('rejects a header cut inside its dimensions', () => {
    const cut = imagesFile(1).subarray(0, 10);
    expect(() => readIdx(cut, 'cut.idx')).toThrow(
      /cut\.idx: truncated header: rank 3 needs 16 header bytes but the file holds 10/,
    );
  });

  it('rejects truncated data, saying how many bytes were promised and found', () => {
    const bytes = imagesFile(2, 2, 2);
    const read = () => readIdx(bytes.subarray(0, bytes.length - 3), 'short.idx');
    expect(read).toThrow(IdxFormatError);
    expect(read).toThrow(
      /short\.idx: truncated data: the header promises 2x2x2 = 8 bytes but only 5/,
    );
  });

  it('rejects trailing bytes after the data', () => {
    const bytes = labelsFile([1, 2, 3]);
    const padded = new Uint8Array(bytes.length + 2);
    padded.set(bytes);
    const read = () => readIdx(padded, 'padded.idx');
    expect(read).toThrow(IdxFormatError);
    expect(read).toThrow(/padded\.idx: 2 trailing bytes after the 3 = 3 data bytes/);
  });

  it('throws errors that are DatasetErrors carrying the file', () => {
    try {
      readIdx(new Uint8Array(0), 'nothing.idx');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DatasetError);
      expect(error).toBeInstanceOf(DataFileError);
      expect((error as DataFileError).file).toBe('nothing.idx');
      expect((error as Error).name).toBe('IdxFormatError');
    }
  });

  it('accepts an empty but well-formed file', () => {
    expect(readIdx(idxFile([0], []), 'none.idx').data.length).toBe(0);
  });
});

describe('isGzip and gunzip', () => {
  it('detects gzip by its magic bytes', () => {
    expect(isGzip(gzipSync(new Uint8Array([1, 2, 3])))).toBe(true);
    expect(isGzip(labelsFile([1]))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });

  it('decompresses with DecompressionStream to the original bytes', async () => {
    const raw = imagesFile(3);
    const out = await gunzip(gzipSync(raw), 'images.gz');
    expect(out).toEqual(raw);
    expect(readIdx(out, 'images.gz', IDX_IMAGES_MAGIC).dims).toEqual([3, 28, 28]);
  });

  it('rejects bytes that are not gzip', async () => {
    await expect(gunzip(labelsFile([1]), 'raw.idx')).rejects.toThrow(
      /raw\.idx: not gzip data \(it does not start with 1f 8b\)/,
    );
  });

  it('rejects a cut-off gzip stream as GzipError naming the file', async () => {
    const gz = gzipSync(imagesFile(2));
    const cut = gz.subarray(0, Math.floor(gz.length / 2));
    const result = gunzip(cut, 'cut.gz');
    await expect(result).rejects.toBeInstanceOf(GzipError);
    await expect(result).rejects.toThrow(/cut\.gz: corrupt gzip data/);
  });

  it('stops at maxBytes: exactly maxBytes passes, one byte more is refused', async () => {
    const raw = imagesFile(3);
    expect(await gunzip(gzipSync(raw), 'images.gz', { maxBytes: raw.length })).toEqual(raw);
    const bomb = gunzip(gzipSync(new Uint8Array(32 * 1024 * 1024)), 'bomb.gz', {
      maxBytes: raw.length,
    });
    await expect(bomb).rejects.toBeInstanceOf(GzipError);
    await expect(bomb).rejects.toThrow(
      `bomb.gz: decompresses to more than ${raw.length} bytes (the maxBytes option), so decompression was stopped`,
    );
    await expect(gunzip(gzipSync(raw), 'images.gz', { maxBytes: 0 })).rejects.toThrow(
      'gunzip: maxBytes is 0; use a whole number of bytes > 0.',
    );
  });
});
