import { decode } from 'jpeg-js';
import { DigitImageError } from './errors';

/** One component of a JPEG frame: its horizontal and vertical sampling factors (1 to 4). */
export interface JpegComponent {
  h: number;
  v: number;
}

/** The one frame of a JPEG, as its SOF marker declares it. */
export interface JpegFrame {
  /** The SOF marker's second byte: `0xC0` baseline, `0xC1` extended, `0xC2` progressive, ... */
  marker: number;
  width: number;
  height: number;
  components: JpegComponent[];
}

const SOF_NAMES: Record<number, string> = {
  195: 'lossless',
  197: 'differential sequential',
  198: 'differential progressive',
  199: 'differential lossless',
  201: 'arithmetic-coded sequential',
  202: 'arithmetic-coded progressive',
  203: 'arithmetic-coded lossless',
  205: 'differential arithmetic-coded sequential',
  206: 'differential arithmetic-coded progressive',
  207: 'differential arithmetic-coded lossless',
};

const isSof = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Walks a JPEG's markers, by their segments' lengths and over each scan's entropy-coded data, and
 * returns its one frame, without decoding anything: what jpeg-js would allocate is known from it
 * before jpeg-js runs.
 *
 * @throws Error saying what is wrong when the file has no frame or more than one, a frame of other
 *   than 1, 3 or 4 components, a sampling factor outside 1 to 4, or a segment cut short (the caller
 *   names the file).
 */
export function readJpegFrame(bytes: Uint8Array): JpegFrame {
  let frame: JpegFrame | undefined;
  let frames = 0;
  let at = 2; // past SOI
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) throw new Error(`no marker where one must be, at byte ${at}`);
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) break; // EOI
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a segment
      continue;
    }
    if (at + 4 > bytes.length) throw new Error(`its ${hex(marker)} marker is cut short`);
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const start = at + 4;
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) {
      throw new Error(
        `its ${hex(marker)} segment of ${length} bytes runs past the end of the file`,
      );
    }
    if (isSof(marker)) {
      frames++;
      if (frames > 1) throw new Error('it declares more than one frame; a JPEG image has one');
      frame = readFrame(marker, bytes.subarray(start, end));
    }
    at = end;
    if (marker === 0xda) {
      if (!frame) throw new Error('a scan comes before its frame (SOF) marker');
      at = skipEntropyCodedData(bytes, at);
    }
  }
  if (!frame) throw new Error('it declares no frame (SOF marker)');
  return frame;
}

/** The SOF segment: precision, height, width, then 3 bytes per component. */
function readFrame(marker: number, segment: Uint8Array): JpegFrame {
  if (segment.length < 6) throw new Error('its frame (SOF) segment is cut short');
  const height = (segment[1]! << 8) | segment[2]!;
  const width = (segment[3]! << 8) | segment[4]!;
  const count = segment[5]!;
  if (count !== 1 && count !== 3 && count !== 4) {
    throw new Error(
      `its frame declares ${count} colour components; a JPEG image has 1 (gray), 3 (colour) or 4 (CMYK)`,
    );
  }
  if (segment.length < 6 + 3 * count) throw new Error('its frame (SOF) segment is cut short');
  const components: JpegComponent[] = [];
  for (let i = 0; i < count; i++) {
    const sampling = segment[6 + 3 * i + 1]!;
    const h = sampling >> 4;
    const v = sampling & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4) {
      throw new Error(`its component ${i + 1} declares sampling factors ${h}x${v}, not 1 to 4`);
    }
    components.push({ h, v });
  }
  return { marker, width, height, components };
}

/** The offset of the first marker after a scan's entropy-coded data (`FF 00` and RSTn are data). */
function skipEntropyCodedData(bytes: Uint8Array, from: number): number {
  let at = from;
  while (at + 1 < bytes.length) {
    if (bytes[at] === 0xff) {
      const next = bytes[at + 1]!;
      if (next !== 0 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return at;
    }
    at++;
  }
  return bytes.length;
}

const hex = (marker: number) => `FF${marker.toString(16).toUpperCase()}`;

/**
 * What jpeg-js holds at its peak for a frame, in bytes: every 8x8 block of coefficients of every
 * component as its own `Int32Array(64)` (256 bytes of data plus the typed array's and its buffer's
 * own objects), the component planes it builds from them as one `Uint8Array` per line, the
 * interleaved components and the RGBA output. (Its copy of the file is bounded by the file's own
 * limit, so it is left out.) jpeg-js's own bound (`maxMemoryUsageInMB`) counts the data alone,
 * about a third of what the blocks take.
 */
export function jpegMemoryEstimate(frame: Omit<JpegFrame, 'marker'>): number {
  const { width, height, components } = frame;
  const maxH = Math.max(...components.map((c) => c.h));
  const maxV = Math.max(...components.map((c) => c.v));
  const mcusPerLine = Math.ceil(width / 8 / maxH);
  const mcusPerColumn = Math.ceil(height / 8 / maxV);
  let bytes = width * height * (components.length + 4);
  for (const { h, v } of components) {
    const blocks = mcusPerLine * h * (mcusPerColumn * v);
    const lineBytes = Math.ceil((Math.ceil(width / 8) * h) / maxH) * 8;
    const lines = Math.ceil((Math.ceil(height / 8) * v) / maxV) * 8;
    bytes += blocks * BLOCK_BYTES + lines * (lineBytes + TYPED_ARRAY_BYTES);
  }
  return bytes;
}

/** What V8 takes for a small typed array beyond its data: the view, its buffer, their bookkeeping. */
const TYPED_ARRAY_BYTES = 400;
const BLOCK_BYTES = 256 + TYPED_ARRAY_BYTES;

/**
 * The memory a JPEG may take to decode under a limit of `maxPixels`: what a square colour JPEG of
 * that many pixels with the usual 4:2:0 chroma subsampling takes (one luma block per 64 pixels,
 * half as many chroma blocks again), and never less than a 1024x1024 colour JPEG without
 * subsampling takes, so a small limit still reads any ordinary image of its size.
 */
export function jpegMemoryBudget(maxPixels: number): number {
  const [full, side] = [{ h: 1, v: 1 }, Math.ceil(Math.sqrt(maxPixels))];
  const subsampled = jpegMemoryEstimate({
    width: side,
    height: side,
    components: [{ h: 2, v: 2 }, full, full],
  });
  const megapixel = jpegMemoryEstimate({
    width: 1024,
    height: 1024,
    components: [full, full, full],
  });
  return Math.max(subsampled, megapixel);
}

/**
 * Decodes a baseline or progressive JPEG to 8-bit RGBA with jpeg-js, once its markers show one
 * frame whose decoding fits in {@link jpegMemoryBudget} of `maxPixels`. Not tolerant: a truncated
 * or damaged JPEG is an error, not a half-grey image.
 *
 * @throws DigitImageError naming `file` when the frame is of a kind jpeg-js does not decode
 *   (lossless, arithmetic-coded, hierarchical), or would take more memory than `maxPixels` allows.
 * @throws Error saying what is wrong when the file is corrupt.
 */
export function decodeJpeg(
  file: string,
  bytes: Uint8Array,
  maxPixels: number,
): { data: Uint8Array; width: number; height: number } {
  const frame = readJpegFrame(bytes);
  const kind = SOF_NAMES[frame.marker];
  if (kind !== undefined) {
    throw new DigitImageError(
      file,
      `${file} is an unsupported JPEG (${kind}, ${hex(frame.marker)}); save it as a baseline or ` +
        'progressive JPEG, or as a PNG, and try again.',
    );
  }
  const needed = jpegMemoryEstimate(frame);
  const budget = jpegMemoryBudget(maxPixels);
  if (needed > budget) {
    const mb = (n: number) => `${Math.ceil(n / 2 ** 20)} MB`;
    const { width, height, components } = frame;
    throw new DigitImageError(
      file,
      `${file} is a ${width}x${height} JPEG of ${components.length} components (sampling ` +
        `${components.map((c) => `${c.h}x${c.v}`).join(', ')}) that takes about ${mb(needed)} to ` +
        `decode, more than the ${mb(budget)} that --max-pixels ${maxPixels} allows, so it is not ` +
        'decoded. Crop or shrink it to the digit, or raise --max-pixels if the image is genuine ' +
        'and memory allows.',
    );
  }
  const { data, width, height } = decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    tolerantDecoding: false,
    maxResolutionInMP: maxPixels / 1e6,
    // jpeg-js counts less than the estimate does, so its own bound never fires first.
    maxMemoryUsageInMB: Math.ceil(budget / 2 ** 20),
  });
  return { data, width, height };
}
