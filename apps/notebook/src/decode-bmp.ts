import { DigitImageError } from './errors';

/** What a BMP's headers declare, read and checked before any pixel is decoded. */
export interface BmpHeader {
  width: number;
  /** Rows, whatever their order. */
  height: number;
  /** Rows are stored top row first (a negative height in the file); else bottom row first. */
  topDown: boolean;
  /** Bits per pixel: 1, 4, 8, 16, 24 or 32 once {@link decodeBmp} accepts it; any value here. */
  bitDepth: number;
  /** `BI_RGB` 0, `BI_RLE8` 1, `BI_RLE4` 2, `BI_BITFIELDS` 3, `BI_JPEG` 4, `BI_PNG` 5, ... */
  compression: number;
  /** Where the pixel data starts, from the start of the file. */
  dataOffset: number;
  /** Where the colour table starts, and its entries' size: 3 bytes (OS/2 1.x) or 4. */
  paletteOffset: number;
  paletteEntryBytes: 3 | 4;
  /** Colour table entries the header declares (`biClrUsed`, or `2^bitDepth` when 0). */
  paletteSize: number;
  /** Red, green and blue masks of a 16- or 32-bit image. */
  masks: [number, number, number];
}

const COMPRESSIONS: Record<number, string> = {
  0: 'uncompressed',
  1: 'RLE8',
  2: 'RLE4',
  3: 'bit fields',
  4: 'embedded JPEG',
  5: 'embedded PNG',
  6: 'alpha bit fields',
  11: 'CMYK',
  12: 'CMYK RLE8',
  13: 'CMYK RLE4',
};

/** The headers of a BMP: the 14-byte file header, then a core (12-byte) or info (16-124) header. */
const FILE_HEADER_BYTES = 14;

/**
 * Reads and checks a BMP's headers: its size, depth, compression, colour table and pixel data
 * offset, without decoding any pixel. The colour table is bounded here, by the bit depth and by the
 * file: a header may declare billions of colours in a small file.
 *
 * @throws Error saying what is wrong when the headers are cut short or contradict each other
 *   (the caller names the file); unsupported depths and compressions are left to
 *   {@link decodeBmp}, so the size of any BMP can be read.
 */
export function readBmpHeader(bytes: Uint8Array): BmpHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < FILE_HEADER_BYTES + 4) throw new Error('it is cut short');
  const dataOffset = view.getUint32(10, true);
  const infoBytes = view.getUint32(14, true);
  const core = infoBytes === 12;
  if (!core && (infoBytes < 16 || infoBytes > 124)) {
    throw new Error(`its info header declares ${infoBytes} bytes, not 12 or 16 to 124`);
  }
  if (FILE_HEADER_BYTES + infoBytes > bytes.length) throw new Error('it is cut short');
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const rawHeight = core ? view.getUint16(20, true) : view.getInt32(22, true);
  const bitDepth = view.getUint16(core ? 24 : 28, true);
  const field = (at: number) =>
    infoBytes >= at + 4 - FILE_HEADER_BYTES ? view.getUint32(at, true) : 0;
  const compression = core ? 0 : field(30);
  if (width < 0) throw new Error(`it declares a negative width (${width})`);
  let paletteOffset = FILE_HEADER_BYTES + infoBytes;
  // Masks follow a 40-byte header (BITFIELDS: red, green, blue; ALPHABITFIELDS: and alpha); larger
  // headers hold them.
  let masks: [number, number, number] =
    bitDepth === 16 ? [0x7c00, 0x03e0, 0x001f] : [0xff0000, 0x00ff00, 0x0000ff];
  if (compression === 3 || compression === 6) {
    const maskAt = FILE_HEADER_BYTES + 40;
    if (infoBytes === 40) paletteOffset += compression === 6 ? 16 : 12;
    if (infoBytes < 40 || maskAt + 12 > bytes.length) {
      throw new Error('its bit-field masks are cut short');
    }
    masks = [
      view.getUint32(maskAt, true),
      view.getUint32(maskAt + 4, true),
      view.getUint32(maskAt + 8, true),
    ];
  }
  let paletteSize = 0;
  const paletteEntryBytes = core ? 3 : 4;
  if (bitDepth >= 1 && bitDepth <= 8) {
    const most = 2 ** bitDepth;
    const declared = core ? 0 : field(46);
    if (declared > most) {
      throw new Error(
        `it declares ${declared} colours, more than the ${most} that ${bitDepth} bits a pixel can index`,
      );
    }
    paletteSize = declared === 0 ? most : declared;
    const paletteEnd = paletteOffset + paletteSize * paletteEntryBytes;
    if (paletteEnd > bytes.length) {
      throw new Error(
        `its colour table of ${paletteSize} entries runs past the end of the file (${bytes.length} bytes)`,
      );
    }
  }
  return {
    width,
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bitDepth,
    compression,
    dataOffset,
    paletteOffset,
    paletteEntryBytes,
    paletteSize,
    masks,
  };
}

/**
 * Decodes a BMP to 8-bit RGBA, opaque: 1-, 4- and 8-bit colour tables (uncompressed, RLE4, RLE8),
 * 16- and 32-bit (default masks or bit fields), 24-bit; rows bottom-up or top-down. Alpha is
 * ignored, as most writers leave it 0. What it allocates is bounded by `width x height`, which the
 * caller has checked, and by the file's length: the colour table is checked against both.
 *
 * @throws DigitImageError naming `file` when the depth or compression is not one of those
 *   (0, 2, 7 or 64 bits; embedded JPEG or PNG; CMYK).
 * @throws Error saying what is wrong when the file is corrupt or cut short.
 */
export function decodeBmp(
  file: string,
  bytes: Uint8Array,
  maxPixels: number,
): { data: Uint8Array; width: number; height: number } {
  const header = readBmpHeader(bytes);
  const { width, height, bitDepth, compression } = header;
  const supported =
    (compression === 0 && [1, 4, 8, 16, 24, 32].includes(bitDepth)) ||
    (compression === 1 && bitDepth === 8) ||
    (compression === 2 && bitDepth === 4) ||
    ((compression === 3 || compression === 6) && (bitDepth === 16 || bitDepth === 32));
  if (!supported) {
    const how = COMPRESSIONS[compression] ?? `compression ${compression}`;
    throw new DigitImageError(
      file,
      `${file} is an unsupported BMP (${bitDepth}-bit, ${how}); save it as a 1-, 4-, 8-, 24- or ` +
        '32-bit BMP, or as a PNG, and try again.',
    );
  }
  if (width === 0 || height === 0 || width * height > maxPixels) {
    throw new Error(`its header declares ${width}x${height} pixels`);
  }
  if (header.dataOffset >= bytes.length) {
    throw new Error(`its pixel data offset (${header.dataOffset}) lies past the end of the file`);
  }
  const data = new Uint8Array(width * height * 4);
  if (compression === 1 || compression === 2) {
    const indices = decodeRle(bytes, header);
    expandIndices(indices, palette(bytes, header), data);
  } else if (bitDepth <= 8) {
    decodeIndexedRows(bytes, header, palette(bytes, header), data);
  } else {
    decodeTrueColourRows(bytes, header, data);
  }
  return { data, width, height };
}

/** The colour table as RGBA, 256 entries; indices past the declared entries are black. */
function palette(bytes: Uint8Array, header: BmpHeader): Uint8Array {
  const table = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) table[4 * i + 3] = 255;
  for (let i = 0; i < header.paletteSize; i++) {
    const at = header.paletteOffset + i * header.paletteEntryBytes;
    // Entries are stored blue, green, red (and a reserved byte).
    table[4 * i] = bytes[at + 2]!;
    table[4 * i + 1] = bytes[at + 1]!;
    table[4 * i + 2] = bytes[at]!;
  }
  return table;
}

/** Bytes a stored row takes: rows are padded to a multiple of 4 bytes. */
function rowStride(width: number, bitDepth: number): number {
  return Math.ceil((width * bitDepth) / 32) * 4;
}

/** The row of the output that the `stored`-th row in the file is. */
function outputRow(stored: number, header: BmpHeader): number {
  return header.topDown ? stored : header.height - 1 - stored;
}

/** Checks the file holds every uncompressed row (the last row's padding may be missing). */
function checkRowsFit(bytes: Uint8Array, header: BmpHeader): number {
  const { width, height, bitDepth, dataOffset } = header;
  const stride = rowStride(width, bitDepth);
  const needed = dataOffset + stride * (height - 1) + Math.ceil((width * bitDepth) / 8);
  if (needed > bytes.length) {
    throw new Error(
      `its pixel data is cut short: ${width}x${height} at ${bitDepth} bits needs ${needed} bytes, the file has ${bytes.length}`,
    );
  }
  return stride;
}

function decodeIndexedRows(
  bytes: Uint8Array,
  header: BmpHeader,
  table: Uint8Array,
  out: Uint8Array,
): void {
  const { width, height, bitDepth, dataOffset } = header;
  const stride = checkRowsFit(bytes, header);
  const perByte = 8 / bitDepth;
  const mask = (1 << bitDepth) - 1;
  for (let row = 0; row < height; row++) {
    const from = dataOffset + row * stride;
    let to = outputRow(row, header) * width * 4;
    for (let x = 0; x < width; x++) {
      const byte = bytes[from + Math.floor(x / perByte)]!;
      // The leftmost pixel is in the most significant bits.
      const shift = 8 - bitDepth * ((x % perByte) + 1);
      const index = (byte >> shift) & mask;
      copyEntry(table, index, out, to);
      to += 4;
    }
  }
}

/** A mask's shift and its largest value, to scale a channel to 8 bits. */
function channel(mask: number): { shift: number; max: number } {
  if (mask === 0) return { shift: 0, max: 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return { shift, max: mask >>> shift };
}

function decodeTrueColourRows(bytes: Uint8Array, header: BmpHeader, out: Uint8Array): void {
  const { width, height, bitDepth, dataOffset } = header;
  const stride = checkRowsFit(bytes, header);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels = header.masks.map(channel);
  for (let row = 0; row < height; row++) {
    const from = dataOffset + row * stride;
    let to = outputRow(row, header) * width * 4;
    for (let x = 0; x < width; x++) {
      if (bitDepth === 24) {
        const at = from + 3 * x;
        out[to] = bytes[at + 2]!;
        out[to + 1] = bytes[at + 1]!;
        out[to + 2] = bytes[at]!;
      } else {
        const value =
          bitDepth === 16 ? view.getUint16(from + 2 * x, true) : view.getUint32(from + 4 * x, true);
        for (let c = 0; c < 3; c++) {
          const { shift, max } = channels[c]!;
          out[to + c] = max === 0 ? 0 : Math.round((((value >>> shift) & max) * 255) / max);
        }
      }
      out[to + 3] = 255;
      to += 4;
    }
  }
}

/**
 * RLE8 or RLE4 to one colour index per pixel. Pixels the data skips (by a delta or an early end of
 * line) keep index 0, the background most writers mean. Runs past the right edge are clipped, so
 * the work is bounded by the pixels plus the file's length.
 */
function decodeRle(bytes: Uint8Array, header: BmpHeader): Uint8Array {
  const { width, height, dataOffset } = header;
  const four = header.compression === 2;
  const indices = new Uint8Array(width * height);
  let at = dataOffset;
  let x = 0;
  let row = 0;
  const put = (index: number) => {
    if (x < width && row < height) indices[outputRow(row, header) * width + x] = index;
    x++;
  };
  const need = (n: number) => {
    if (at + n > bytes.length) {
      throw new Error(`its ${four ? 'RLE4' : 'RLE8'} data ends before its end-of-bitmap mark`);
    }
  };
  while (row < height) {
    need(2);
    const count = bytes[at]!;
    const value = bytes[at + 1]!;
    at += 2;
    if (count > 0) {
      // A run: `count` pixels of one index (RLE4: two indices, alternating).
      const n = Math.min(count, Math.max(0, width - x));
      for (let i = 0; i < n; i++) put(four ? (i % 2 === 0 ? value >> 4 : value & 15) : value);
      x += count - n;
    } else if (value === 0) {
      x = 0;
      row++;
    } else if (value === 1) {
      return indices;
    } else if (value === 2) {
      need(2);
      x += bytes[at]!;
      row += bytes[at + 1]!;
      at += 2;
    } else {
      // Absolute mode: `value` indices as they are, padded to a 16-bit boundary.
      const stored = four ? Math.ceil(value / 2) : value;
      need(stored);
      const n = Math.min(value, Math.max(0, width - x));
      for (let i = 0; i < n; i++) {
        put(
          four
            ? i % 2 === 0
              ? bytes[at + (i >> 1)]! >> 4
              : bytes[at + (i >> 1)]! & 15
            : bytes[at + i]!,
        );
      }
      x += value - n;
      at += stored + (stored % 2);
    }
  }
  // Every row is filled; the end-of-bitmap mark may follow or not.
  return indices;
}

function expandIndices(indices: Uint8Array, table: Uint8Array, out: Uint8Array): void {
  for (let i = 0; i < indices.length; i++) {
    copyEntry(table, indices[i]!, out, 4 * i);
  }
}

function copyEntry(table: Uint8Array, index: number, out: Uint8Array, to: number): void {
  out[to] = table[4 * index]!;
  out[to + 1] = table[4 * index + 1]!;
  out[to + 2] = table[4 * index + 2]!;
  out[to + 3] = table[4 * index + 3]!;
}
