// GIF files for the predict faults, written by hand: a gray digit as a one-frame GIF (LZW without
// compression: a clear code before the table would widen the codes), its image data cut short,
// and animations of millions of empty frames.

const TRAILER = 0x3b;

/** `GIF89a`, a `width x height` screen and a global table of 256 grays. */
function screen(width: number, height: number): Buffer {
  const head = Buffer.alloc(13 + 768);
  head.write('GIF89a', 0, 'latin1');
  head.writeUInt16LE(width, 6);
  head.writeUInt16LE(height, 8);
  head[10] = 0xf7; // global table of 2^(7 + 1) entries, 8 bits of colour
  for (let v = 0; v < 256; v++) head.fill(v, 13 + 3 * v, 16 + 3 * v);
  return head;
}

/** Codes of 9 bits for 8-bit indices: a clear code every 254 literals keeps them 9 bits wide. */
function lzw(indices: Uint8Array): Buffer {
  const CLEAR = 256;
  const END = 257;
  const codes: number[] = [];
  indices.forEach((index, i) => {
    if (i % 254 === 0) codes.push(CLEAR);
    codes.push(index);
  });
  codes.push(END);
  const packed = Buffer.alloc(Math.ceil((codes.length * 9) / 8));
  let bit = 0;
  for (const code of codes) {
    for (let b = 0; b < 9; b++, bit++) {
      if ((code >> b) & 1) packed[bit >> 3]! |= 1 << (bit & 7);
    }
  }
  // Data sub-blocks of at most 255 bytes, then the 0 terminator.
  const blocks: Buffer[] = [Buffer.from([8])];
  for (let at = 0; at < packed.length; at += 255) {
    const part = packed.subarray(at, at + 255);
    blocks.push(Buffer.from([part.length]), part);
  }
  blocks.push(Buffer.from([0]));
  return Buffer.concat(blocks);
}

/** An image descriptor of a `width x height` frame at 0,0 with no local table. */
function descriptor(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(10);
  bytes[0] = 0x2c;
  bytes.writeUInt16LE(width, 5);
  bytes.writeUInt16LE(height, 7);
  return bytes;
}

/** A one-frame GIF of `gray` pixels (`width x height`, row by row). */
export function grayGif(gray: Uint8Array, width: number, height: number): Buffer {
  return Buffer.concat([
    screen(width, height),
    descriptor(width, height),
    lzw(gray),
    Buffer.from([TRAILER]),
  ]);
}

/**
 * A GIF whose descriptor declares a `width x height` frame but whose LZW data holds only the first
 * `rows` rows of `gray`: well formed block by block, its image data ends early.
 */
export function shortLzwGif(gray: Uint8Array, width: number, height: number, rows: number): Buffer {
  return Buffer.concat([
    screen(width, height),
    descriptor(width, height),
    lzw(gray.subarray(0, width * rows)),
    Buffer.from([TRAILER]),
  ]);
}

/**
 * A GIF of `size` bytes: `first` (a GIF without its trailer, or just a screen), then as many empty
 * 1x1 frames as fit (12 bytes each: a descriptor, LZW code size 2, no data), then the trailer.
 */
export function manyFramesGif(first: Buffer, size: number): { gif: Buffer; frames: number } {
  const empty = Buffer.concat([descriptor(1, 1), Buffer.from([2, 0])]);
  const frames = Math.floor((size - first.length - 1) / empty.length);
  const gif = Buffer.alloc(first.length + frames * empty.length + 1);
  first.copy(gif, 0);
  gif.fill(empty, first.length, gif.length - 1);
  gif[gif.length - 1] = TRAILER;
  return { gif, frames };
}

/** `gif` without its trailer, for {@link manyFramesGif}. */
export function withoutTrailer(gif: Buffer): Buffer {
  return gif.subarray(0, gif.length - 1);
}

/** The screen of a `width x height` GIF and nothing more, for {@link manyFramesGif}. */
export function gifScreen(width: number, height: number): Buffer {
  return screen(width, height);
}
