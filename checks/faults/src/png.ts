// PNG files for the predict faults: a real digit, hand-made headers (0 x 0), and a valid but huge
// blank image whose compressed size is small.
import { once } from 'node:events';
import { crc32, createDeflate, deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit grayscale PNG of `width x height` with the given zlib-compressed scanlines. */
export function grayPng(width: number, height: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG declaring 0 x 0 pixels. */
export function zeroSizePng(): Buffer {
  return grayPng(0, 0, deflateSync(Buffer.alloc(0)));
}

/** An RGBA PNG of `width x height` gray pixels (an MNIST digit's 28 x 28 unless told). */
export function digitPng(pixels: Uint8Array, width = 28, height = 28): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data.set([pixels[i]!, pixels[i]!, pixels[i]!, 255], 4 * i);
  }
  return PNG.sync.write(png);
}

/** A valid black `side x side` grayscale PNG, compressed as it goes (about 1/1000 of its pixels). */
export async function blankPng(side: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (data: Buffer) => out.push(data));
  const rowsPerBlock = 64;
  const block = Buffer.alloc((side + 1) * rowsPerBlock); // filter byte 0 + zeros, per row
  for (let y = 0; y < side; y += rowsPerBlock) {
    const rows = Math.min(rowsPerBlock, side - y);
    if (!deflate.write(block.subarray(0, (side + 1) * rows))) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return grayPng(side, side, Buffer.concat(out));
}
