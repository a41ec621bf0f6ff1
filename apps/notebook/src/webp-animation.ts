/** The VP8X chunk's flag of an animated image (WebP container specification). */
const ANIMATION_FLAG = 0x02;
/** `RIFF`, the size, `WEBP`: where the first chunk starts. */
const FIRST_CHUNK = 12;

/**
 * Whether a WebP file is an animation: its VP8X chunk sets the animation flag, or an `ANIM` or
 * `ANMF` chunk comes before any still image's `VP8 ` or `VP8L` chunk. libwebp's still-image
 * decoder refuses animations as if they were damaged, so they are told apart first.
 *
 * The chunks are walked only up to the first image chunk (or the end of the file), each in a
 * step, whatever sizes they declare.
 *
 * @param bytes - The whole file, already known to start `RIFF....WEBP`.
 * @returns `true` for an animated WebP; `false` for a still one or one too damaged to tell.
 */
export function isAnimatedWebp(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let p = FIRST_CHUNK; p + 8 <= bytes.length; ) {
    const fourcc = String.fromCharCode(bytes[p]!, bytes[p + 1]!, bytes[p + 2]!, bytes[p + 3]!);
    const size = view.getUint32(p + 4, true);
    if (fourcc === 'VP8X' && p + 8 < bytes.length && (bytes[p + 8]! & ANIMATION_FLAG) !== 0) {
      return true;
    }
    if (fourcc === 'ANIM' || fourcc === 'ANMF') return true;
    if (fourcc === 'VP8 ' || fourcc === 'VP8L') return false;
    // Chunks are padded to an even size.
    p += 8 + size + (size & 1);
  }
  return false;
}
