// WebP files written chunk by chunk, for the animation and EXIF tests of the notebook and the
// fault suite: a RIFF container around chunks, and the extended (VP8X) and animation chunks.

/** A 1x1 lossless WebP: the RIFF header and one VP8L chunk (from byte 12 on). */
export const STILL_WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

/** `RIFF....WEBP` around `chunks`, the RIFF size counting all that follows it. */
export function webpRiff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** A RIFF chunk: the four-character `fourcc`, the size of `data`, `data`, a pad byte if odd. */
export function webpChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, Buffer.alloc(data.length & 1)]);
}

/** A VP8X chunk of a 1x1 canvas with the given flags (`0x02`: animation). */
export function vp8xChunk(flags: number): Buffer {
  const data = Buffer.alloc(10);
  data[0] = flags;
  return webpChunk('VP8X', data);
}

/** An ANMF chunk: a 1x1 frame at 0,0 shown for 100 ms, holding `frame`'s chunks. */
export function anmfChunk(frame: Buffer): Buffer {
  const head = Buffer.alloc(16);
  head.writeUIntLE(100, 12, 3);
  return webpChunk('ANMF', Buffer.concat([head, frame]));
}

/** An ANIM chunk: black background, looping forever. */
export function animChunk(): Buffer {
  return webpChunk('ANIM', Buffer.alloc(6));
}

/**
 * An animated 1x1 WebP of `frames` frames, each {@link STILL_WEBP}'s image, as a careful writer
 * stores it: VP8X with the animation flag, ANIM, then one ANMF chunk a frame.
 */
export function animatedWebp(frames: number): Buffer {
  const frame = anmfChunk(STILL_WEBP.subarray(12));
  return webpRiff(vp8xChunk(0x02), animChunk(), ...Array.from({ length: frames }, () => frame));
}
