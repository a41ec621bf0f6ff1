import { IdxFormatError } from './errors';

/** Magic number of an IDX file of uint8 labels, one dimension (`[count]`). */
export const IDX_LABELS_MAGIC = 2049;
/** Magic number of an IDX file of uint8 images, three dimensions (`[count, rows, cols]`). */
export const IDX_IMAGES_MAGIC = 2051;

/** The IDX type byte for unsigned bytes, the only element type MNIST uses. */
const UINT8_TYPE = 0x08;

/** An IDX array of uint8 values: its dimensions and its row-major data. */
export interface IdxArray {
  /** Size of each dimension, outermost first (`[count]` for labels, `[count, rows, cols]` for images). */
  readonly dims: readonly number[];
  /** The `dims`-product values, row-major, uint8; a view of the input bytes, not a copy. */
  readonly data: Uint8Array;
}

/**
 * Reads an uncompressed IDX file of uint8 values, as MNIST ships them.
 *
 * The header is a 4-byte magic number (two zero bytes, type byte `0x08`, rank) followed by one
 * big-endian uint32 per dimension; the data must fill exactly the rest of the file.
 *
 * @param bytes - The whole file, uncompressed (decompress `.gz` files first, e.g. with {@link gunzip}).
 * @param file - The file's name or path, used in error messages.
 * @param expectedMagic - When given, the magic number the file must have: {@link IDX_LABELS_MAGIC}
 *   (2049) or {@link IDX_IMAGES_MAGIC} (2051).
 * @returns The dimensions and a zero-copy `Uint8Array` view of the data.
 * @throws IdxFormatError when the magic number is wrong (or the bytes are still gzip-compressed),
 *   the header is cut short, the file holds fewer bytes than its dimensions promise (truncated),
 *   or more (trailing bytes).
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]);
 * const { dims, data } = readIdx(bytes, 'labels', IDX_LABELS_MAGIC);
 * dims; // [3]
 * data; // Uint8Array [7, 2, 1]
 * ```
 */
export function readIdx(bytes: Uint8Array, file: string, expectedMagic?: number): IdxArray {
  const { dims, headerLength } = readIdxHeader(bytes, file, expectedMagic);
  const size = dims.reduce((product, dim) => product * dim, 1);
  const available = bytes.length - headerLength;
  if (available < size) {
    throw new IdxFormatError(
      file,
      `${file}: truncated data: the header promises ${dims.join('x')} = ${size} bytes but only ${available} follow it; the file is incomplete, fetch it again.`,
    );
  }
  if (available > size) {
    throw new IdxFormatError(
      file,
      `${file}: ${available - size} trailing bytes after the ${dims.join('x')} = ${size} data bytes the header declares; the file is corrupt or not an IDX file, fetch it again.`,
    );
  }
  // A plain Uint8Array view, so a Node Buffer passed in does not leak out as a Buffer.
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset + headerLength, size);
  return { dims, data };
}

/** The header of an IDX file: its dimensions and how many bytes it takes (4 + 4 per dimension). */
export interface IdxHeader {
  readonly dims: readonly number[];
  readonly headerLength: number;
}

/**
 * Reads the header of an uncompressed IDX file of uint8 values, which may hold only the start of
 * its data (a partial download): the checks of {@link readIdx} short of the data's length.
 *
 * @param bytes - The file's first bytes, at least its header.
 * @param file - The file's name or URL, used in error messages.
 * @param expectedMagic - When given, the magic number the file must have.
 * @returns The dimensions the header declares and the header's length in bytes.
 * @throws IdxFormatError when the bytes are gzip, shorter than the header, or the magic number is
 *   not that of uint8 IDX (or not `expectedMagic`).
 */
export function readIdxHeader(bytes: Uint8Array, file: string, expectedMagic?: number): IdxHeader {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new IdxFormatError(
      file,
      `${file}: the bytes are gzip-compressed, not raw IDX; decompress them first (gunzip()) or load the file with loadMnist().`,
    );
  }
  if (bytes.length < 4) {
    throw new IdxFormatError(
      file,
      `${file}: ${bytes.length} bytes is too short for an IDX header (at least 4); the file is empty or truncated, fetch it again.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const rank = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UINT8_TYPE || rank === 0) {
    throw new IdxFormatError(
      file,
      `${file}: magic number ${magic} (0x${hex(magic)}) is not that of an IDX file of uint8 values (0x000008NN); check that this is an MNIST IDX file.`,
    );
  }
  if (expectedMagic !== undefined && magic !== expectedMagic) {
    throw new IdxFormatError(
      file,
      `${file}: magic number ${magic} (${describeMagic(magic)}) where ${expectedMagic} (${describeMagic(expectedMagic)}) was expected; check that the file is the right one (images and labels files swapped?).`,
    );
  }
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new IdxFormatError(
      file,
      `${file}: truncated header: rank ${rank} needs ${headerLength} header bytes but the file holds ${bytes.length}; fetch the file again.`,
    );
  }
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d));
  return { dims, headerLength };
}

function describeMagic(magic: number): string {
  if (magic === IDX_LABELS_MAGIC) return 'uint8 labels, 1-D';
  if (magic === IDX_IMAGES_MAGIC) return 'uint8 images, 3-D';
  return `uint8, ${magic & 0xff}-D`;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
