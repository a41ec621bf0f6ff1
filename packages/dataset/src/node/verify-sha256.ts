import { createHash } from 'node:crypto';
import { ChecksumError } from '../errors';
import type { MnistFile } from '../files';

/**
 * Checks the SHA-256 of a file's raw bytes against the original MNIST file's. Runs after the file
 * parsed, so a file that is broken is reported for that, and this only says "not the original".
 * The message names the option in `loadMnist`'s terms and no CLI flag, since apps word it their way.
 *
 * @param origin - `'local'` for a file on disk, `'download'` for a URL: what to check differs.
 * @throws ChecksumError when the digests differ.
 */
export function verifySha256(
  raw: Uint8Array,
  source: string,
  expected: MnistFile,
  origin: 'local' | 'download',
): void {
  const actual = createHash('sha256').update(raw).digest('hex');
  if (actual === expected.sha256) return;
  const fix =
    origin === 'local'
      ? `replace it with the original ${expected.name}`
      : 'check that the baseUrl option points at a copy of the original MNIST files';
  throw new ChecksumError(
    source,
    `${source}: SHA-256 of the decompressed data is ${actual} but the original ${expected.name} has ${expected.sha256}, so this is not the original MNIST file (nor an intact copy of it): ${fix}; to load other IDX data in the MNIST layout, turn checksum verification off (loadMnist's \`verify: false\`).`,
    expected.sha256,
    actual,
  );
}
