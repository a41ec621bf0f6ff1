import { GifReader } from 'omggif';

/** A GIF's first frame, shown on its logical screen: 8-bit RGBA, `width * height * 4` bytes. */
export interface GifFrame {
  data: Uint8Array;
  /** The logical screen's size, as the header declares it. */
  width: number;
  height: number;
}

/** Where the first frame is in a GIF, and the GIF cut down to it. */
export interface FirstGifFrame {
  /** Header, screen, global colour table, the frame's graphic control, the frame, a trailer. */
  gif: Uint8Array;
  /** The logical screen's size. */
  width: number;
  height: number;
  /** The first frame's rectangle on the screen. */
  frame: { x: number; y: number; width: number; height: number };
}

const EXTENSION = 0x21;
const IMAGE = 0x2c;
const TRAILER = 0x3b;
const GRAPHIC_CONTROL = 0xf9;
/** Header (6 bytes) and logical screen descriptor (7). */
const SCREEN_END = 13;

/**
 * Finds the first frame of a GIF by walking its blocks (header, logical screen, global colour
 * table, extensions, the first image descriptor, its local colour table and data sub-blocks) and
 * returns a GIF holding that frame alone. Nothing after the first frame is read, so the work and
 * memory do not grow with the number of frames: an animation of millions of frames costs what its
 * first one does.
 *
 * @param bytes - The whole file.
 * @returns The one-frame GIF (at most `bytes.length + 1` bytes), the screen and the frame.
 * @throws Error naming what is wrong (for the caller to report as a corrupt GIF): the file ends
 *   before the first frame's data does, a block is of no known kind, there is no colour table, the
 *   frame is empty or lies outside the screen, or its LZW code size is outside 1-8.
 */
export function firstGifFrame(bytes: Uint8Array): FirstGifFrame {
  if (bytes.length < SCREEN_END) {
    throw new Error(`it ends after ${bytes.length} bytes, inside its header`);
  }
  const width = u16(bytes, 6);
  const height = u16(bytes, 8);
  const hasGlobalTable = (bytes[10]! & 0x80) !== 0;
  let p = SCREEN_END + (hasGlobalTable ? colourTableBytes(bytes[10]!) : 0);
  need(bytes, p, 'its global colour table');
  const screen = bytes.subarray(0, p);
  // Only the graphic control nearest the frame applies to it (its transparent colour).
  let control: Uint8Array | undefined;
  for (;;) {
    if (p >= bytes.length) throw new Error(`it ends after ${bytes.length} bytes, before any frame`);
    const block = bytes[p]!;
    if (block === EXTENSION) {
      need(bytes, p + 2, 'an extension block');
      const label = bytes[p + 1]!;
      const end = skipSubBlocks(bytes, p + 2, 'an extension block');
      if (label === GRAPHIC_CONTROL) {
        // Introducer, label, size 4, four bytes, terminator: what the decoder expects.
        if (end - p !== 8 || bytes[p + 2] !== 4) {
          throw new Error(`its graphic control extension at byte ${p} is malformed`);
        }
        control = bytes.subarray(p, end);
      }
      p = end;
    } else if (block === IMAGE) {
      return firstFrame(bytes, p, { width, height, hasGlobalTable, screen, control });
    } else if (block === TRAILER) {
      throw new Error('it holds no frame: its trailer comes before any image');
    } else {
      throw new Error(`byte ${p} starts a block of unknown kind 0x${block.toString(16)}`);
    }
  }
}

function firstFrame(
  bytes: Uint8Array,
  start: number,
  screenInfo: {
    width: number;
    height: number;
    hasGlobalTable: boolean;
    screen: Uint8Array;
    control: Uint8Array | undefined;
  },
): FirstGifFrame {
  const { width, height, hasGlobalTable, screen, control } = screenInfo;
  need(bytes, start + 10, "its first frame's image descriptor");
  const frame = {
    x: u16(bytes, start + 1),
    y: u16(bytes, start + 3),
    width: u16(bytes, start + 5),
    height: u16(bytes, start + 7),
  };
  const packed = bytes[start + 9]!;
  const hasLocalTable = (packed & 0x80) !== 0;
  if (!hasLocalTable && !hasGlobalTable) {
    throw new Error('its first frame has no colour table, local or global');
  }
  if (frame.width === 0 || frame.height === 0) {
    throw new Error(`its first frame is ${frame.width}x${frame.height}, with no pixels`);
  }
  // The frame's own size bounds what the decoder allocates: it must lie within the screen,
  // whose size was checked before decoding.
  if (frame.x + frame.width > width || frame.y + frame.height > height) {
    throw new Error(
      `its first frame (${frame.width}x${frame.height} at ${frame.x},${frame.y}) lies outside ` +
        `its ${width}x${height} screen`,
    );
  }
  const codeSizeAt = start + 10 + (hasLocalTable ? colourTableBytes(packed) : 0);
  need(bytes, codeSizeAt + 1, "its first frame's colour table");
  const codeSize = bytes[codeSizeAt]!;
  if (codeSize < 1 || codeSize > 8) {
    throw new Error(`its first frame's LZW minimum code size is ${codeSize}, not 1 to 8`);
  }
  const end = skipSubBlocks(bytes, codeSizeAt + 1, "its first frame's image data");
  const gif = new Uint8Array(screen.length + (control?.length ?? 0) + (end - start) + 1);
  gif.set(screen, 0);
  if (control) gif.set(control, screen.length);
  gif.set(bytes.subarray(start, end), screen.length + (control?.length ?? 0));
  gif[gif.length - 1] = TRAILER;
  return { gif, width, height, frame };
}

/**
 * Decodes the first frame of a GIF (see {@link firstGifFrame}) with omggif onto its logical
 * screen; transparent pixels and the screen outside the frame have alpha 0.
 *
 * omggif reports image data that ends early (or runs long) only by printing a warning with
 * `console.log` and leaves the missing pixels blank; here the warning is caught, never printed
 * (stdout holds results alone), and the frame refused.
 *
 * @param bytes - The whole file; its screen size must have been checked against the pixel limit.
 * @returns `data` of `width * height * 4` bytes, and the screen's `width` and `height`.
 * @throws Error naming what is wrong (for the caller to report as a corrupt GIF), as
 *   {@link firstGifFrame} does, or when the LZW data fills fewer or more pixels than the frame has.
 */
export function decodeGif(bytes: Uint8Array): GifFrame {
  const { gif, width, height, frame } = firstGifFrame(bytes);
  const reader = new GifReader(gif);
  const data = new Uint8Array(width * height * 4);
  const warnings = withConsoleLogCaught(() => reader.decodeAndBlitFrameRGBA(0, data));
  if (warnings.length > 0) {
    const short = warnings.some((warning) => warning.includes('shorter'));
    throw new Error(
      `its first frame's image data ${short ? 'ends before filling' : 'holds more than'} its ` +
        `${frame.width}x${frame.height} pixels`,
    );
  }
  return { data, width, height };
}

/** Runs `run` (synchronous) with `console.log` replaced by a recorder; returns what it logged. */
function withConsoleLogCaught(run: () => void): string[] {
  const logged: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
  };
  try {
    run();
  } finally {
    console.log = log;
  }
  return logged;
}

/** The size of a colour table of `2^(n + 1)` RGB entries, `n` the low bits of `packed`. */
function colourTableBytes(packed: number): number {
  return 3 << ((packed & 0x07) + 1);
}

/** The offset after a run of data sub-blocks starting at `p`, through its 0 terminator. */
function skipSubBlocks(bytes: Uint8Array, start: number, what: string): number {
  let p = start;
  for (;;) {
    if (p >= bytes.length) throw new Error(`it ends after ${bytes.length} bytes, inside ${what}`);
    const size = bytes[p]!;
    p += 1 + size;
    if (size === 0) return p;
  }
}

function need(bytes: Uint8Array, end: number, what: string): void {
  if (end > bytes.length) throw new Error(`it ends after ${bytes.length} bytes, inside ${what}`);
}

function u16(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}
