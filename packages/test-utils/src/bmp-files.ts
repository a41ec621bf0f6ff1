// BMP files written byte by byte, for the BMP decoder's unit and fault tests: colour tables of 1, 4
// and 8 bits (uncompressed, RLE4, RLE8), 16- and 32-bit bit fields, 24-bit, either row order, and
// headers that lie (colour counts, bit depths no decoder reads).

/** An 8-bit RGBA image, `width * height * 4` bytes, row by row. */
export interface RgbaPixels {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface BmpOptions {
  /** 1, 4, 8: colour table; 16, 24, 32: the colour in the pixel. Others only with `raw`. */
  bitDepth: number;
  compression?: 'rgb' | 'rle8' | 'rle4' | 'bitfields';
  /** Rows top first (a negative height); default bottom first, as most writers store them. */
  topDown?: boolean;
  /** The colour table, `[r, g, b]` per entry (1-, 4-, 8-bit); default a gray ramp. */
  palette?: [number, number, number][];
  /** Written as `biClrUsed` instead of the table's length (the table written stays the same). */
  colorsUsed?: number;
  /** Pixel bytes written as they are, instead of encoding `image` (with any `bitDepth`). */
  raw?: Uint8Array;
}

const COMPRESSION = { rgb: 0, rle8: 1, rle4: 2, bitfields: 3 } as const;

/** A gray ramp of `2^bits` entries, black to white. */
export function grayPalette(bits: number): [number, number, number][] {
  const n = 2 ** bits;
  return Array.from({ length: n }, (_, i) => {
    const v = Math.round((i * 255) / (n - 1));
    return [v, v, v];
  });
}

/** The index of the table entry nearest to a pixel's colour. */
function nearest(table: [number, number, number][], r: number, g: number, b: number): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  table.forEach(([tr, tg, tb], i) => {
    const distance = (tr - r) ** 2 + (tg - g) ** 2 + (tb - b) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [i, distance];
  });
  return best;
}

/**
 * `image` as the table's colours: what a BMP with that table holds, so the same pixels can be
 * written in another format and the two compared.
 */
export function quantize(image: RgbaPixels, table: [number, number, number][]): RgbaPixels {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] =
      table[nearest(table, image.data[i]!, image.data[i + 1]!, image.data[i + 2]!)]!;
    data.set([r, g, b, 255], i);
  }
  return { data, width: image.width, height: image.height };
}

/** The rows of colour indices, top row first. */
function indexRows(image: RgbaPixels, table: [number, number, number][]): Uint8Array[] {
  return Array.from({ length: image.height }, (_, y) => {
    const row = new Uint8Array(image.width);
    for (let x = 0; x < image.width; x++) {
      const at = 4 * (y * image.width + x);
      row[x] = nearest(table, image.data[at]!, image.data[at + 1]!, image.data[at + 2]!);
    }
    return row;
  });
}

/** One row of indices packed MSB first at 1, 4 or 8 bits, padded to 4 bytes. */
function packRow(row: Uint8Array, bits: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((row.length * bits) / 32) * 4);
  row.forEach((index, x) => {
    const bit = x * bits;
    out[bit >> 3]! |= index << (8 - bits - (bit & 7));
  });
  return out;
}

/** RLE8 or RLE4: runs of equal indices (RLE4: of equal pairs), an end of line after each row. */
function rleRows(rows: Uint8Array[], four: boolean): Uint8Array {
  const out: number[] = [];
  for (const row of rows) {
    let x = 0;
    while (x < row.length) {
      if (four) {
        // A run of count pixels alternating between two indices.
        const [a, b] = [row[x]!, row[x + 1] ?? 0];
        let n = 1;
        while (n < 255 && x + n < row.length && row[x + n] === (n % 2 === 0 ? a : b)) n++;
        out.push(n, (a << 4) | b);
        x += n;
      } else {
        let n = 1;
        while (n < 255 && x + n < row.length && row[x + n] === row[x]) n++;
        // Three or more lone indices go in absolute mode, as real writers do.
        if (n === 1 && x + 3 <= row.length && row[x + 1] !== row[x + 2]) {
          let m = 3;
          while (m < 255 && x + m < row.length && row[x + m] !== row[x + m - 1]) m++;
          out.push(0, m, ...row.subarray(x, x + m));
          if (m % 2) out.push(0);
          x += m;
          continue;
        }
        out.push(n, row[x]!);
        x += n;
      }
    }
    out.push(0, 0);
  }
  out.push(0, 1);
  return Uint8Array.from(out);
}

/** The pixel bytes of a 16-, 24- or 32-bit image, rows padded to 4 bytes, in the order given. */
function trueColourRows(
  image: RgbaPixels,
  rows: number[],
  bits: number,
  fields: boolean,
): Uint8Array {
  const stride = Math.ceil((image.width * bits) / 32) * 4;
  const out = new Uint8Array(stride * image.height);
  const view = new DataView(out.buffer);
  rows.forEach((y, i) => {
    for (let x = 0; x < image.width; x++) {
      const at = 4 * (y * image.width + x);
      const [r, g, b] = [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!];
      const to = i * stride + (x * bits) / 8;
      if (bits === 24) out.set([b, g, r], to);
      else if (bits === 32)
        view.setUint32(
          to,
          fields ? (r << 24) | (g << 16) | (b << 8) : (r << 16) | (g << 8) | b,
          true,
        );
      else
        view.setUint16(
          to,
          fields
            ? ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3)
            : ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3),
          true,
        );
    }
  });
  return out;
}

/**
 * A BMP of `image` with a 40-byte info header: a colour table for 1-, 4- and 8-bit (the nearest
 * entry per pixel), RLE4/RLE8 when asked, bit fields (16-bit 5-6-5, 32-bit RGBX from the top byte)
 * when asked.
 */
export function encodeBmp(image: RgbaPixels, options: BmpOptions): Buffer {
  const { bitDepth, compression = 'rgb', topDown = false } = options;
  const table = bitDepth <= 8 ? (options.palette ?? grayPalette(bitDepth)) : [];
  const order = Array.from({ length: image.height }, (_, i) =>
    topDown ? i : image.height - 1 - i,
  );
  let pixels: Uint8Array;
  if (options.raw) pixels = options.raw;
  else if (bitDepth <= 8) {
    const rows = indexRows(image, table);
    const stored = order.map((y) => rows[y]!);
    pixels =
      compression === 'rgb'
        ? Buffer.concat(stored.map((row) => packRow(row, bitDepth)))
        : rleRows(stored, compression === 'rle4');
  } else pixels = trueColourRows(image, order, bitDepth, compression === 'bitfields');
  const masks =
    compression === 'bitfields'
      ? bitDepth === 16
        ? [0xf800, 0x07e0, 0x001f]
        : [0xff000000, 0x00ff0000, 0x0000ff00]
      : [];
  const headerBytes = 14 + 40 + 4 * masks.length;
  const dataOffset = headerBytes + 4 * table.length;
  const out = Buffer.alloc(dataOffset + pixels.length);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(dataOffset, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(image.width, 18);
  out.writeInt32LE(topDown ? -image.height : image.height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(bitDepth, 28);
  out.writeUInt32LE(COMPRESSION[compression], 30);
  out.writeUInt32LE(pixels.length, 34);
  out.writeUInt32LE(options.colorsUsed ?? table.length, 46);
  masks.forEach((mask, i) => {
    out.writeUInt32LE(mask >>> 0, 54 + 4 * i);
  });
  table.forEach(([r, g, b], i) => {
    out.set([b, g, r, 0], headerBytes + 4 * i);
  });
  out.set(pixels, dataOffset);
  return out;
}
