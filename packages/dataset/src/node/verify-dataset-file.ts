import { createHash } from 'node:crypto';
import { type DatasetFile, type DatasetSpec, findDatasetFile } from '../dataset-catalog';
import { ChecksumError } from '../errors';
import { verifySha256 } from './verify-sha256';

/** The SHA-256 of `bytes`, lowercase hex. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Checks one file of `dataset`: it passes when the SHA-256 of its raw bytes is the original's, or
 * the SHA-256 of the bytes as read (`gzSha256`, for a file read or downloaded as gzip) is that of
 * the published `.gz`. A file that passes neither is reported as not the data set's: as another
 * data set's file when its digest is one of the catalog's, and as unverifiable when the data set
 * publishes only `.gz` digests and the file was decompressed.
 *
 * @param raw - The decompressed bytes, already parsed.
 * @param gzSha256 - SHA-256 of the bytes as read, when they were gzip; otherwise undefined.
 * @param source - The path or URL, named in the message.
 * @param origin - `'local'` for a file on disk, `'download'` for a URL: what to do differs.
 * @throws ChecksumError naming the file and the data set, with `dataset` set to the data set the
 *   file belongs to when its digest says so.
 */
export function verifyDatasetFile(
  raw: Uint8Array,
  gzSha256: string | undefined,
  source: string,
  dataset: DatasetSpec,
  file: DatasetFile,
  origin: 'local' | 'download',
): void {
  const rawSha256 = sha256Of(raw);
  if (file.sha256 !== null && rawSha256 === file.sha256) return;
  if (gzSha256 !== undefined && file.gz !== null && gzSha256 === file.gz.sha256) return;
  const other = findDatasetFile(rawSha256) ?? (gzSha256 && findDatasetFile(gzSha256));
  const expected = file.sha256 ?? file.gz?.sha256 ?? '';
  const actual = gzSha256 !== undefined && file.sha256 === null ? gzSha256 : rawSha256;
  if (other && other.dataset.name !== dataset.name) {
    throw new ChecksumError(
      source,
      `${source} is not ${dataset.title}'s ${file.name} (its SHA-256 is that of ${other.dataset.title}'s ${other.file.name}): load it as dataset '${other.dataset.name}', or choose the folder that holds ${dataset.title}'s files.`,
      expected,
      actual,
      other.dataset.name,
    );
  }
  if (file.sha256 === null && gzSha256 === undefined) {
    throw new ChecksumError(
      source,
      `${source}: ${dataset.title}'s ${file.name} can only be verified as the .gz it is published as (no published list gives the SHA-256 of its decompressed bytes), and this file is decompressed: keep the file as downloaded (${file.name}.gz), or turn checksum verification off (loadMnist's \`verify: false\`).`,
      expected,
      actual,
    );
  }
  if (dataset.name === 'mnist' && file.sha256 !== null) {
    verifySha256(raw, source, { ...file, sha256: file.sha256 }, origin);
  }
  const fix =
    origin === 'local'
      ? `replace it with ${dataset.title}'s original ${file.name}`
      : `check that the baseUrl option points at a copy of ${dataset.title}'s original files`;
  throw new ChecksumError(
    source,
    `${source}: SHA-256 ${actual} is not that of ${dataset.title}'s original ${file.name} (${describeDigests(file)}), so this is not ${dataset.title}'s file (nor an intact copy of it): ${fix}; to load other IDX data in the MNIST layout, turn checksum verification off (loadMnist's \`verify: false\`).`,
    expected,
    actual,
  );
}

function describeDigests(file: DatasetFile): string {
  const parts: string[] = [];
  if (file.sha256 !== null) parts.push(`raw ${file.sha256}`);
  if (file.gz !== null) parts.push(`.gz ${file.gz.sha256}`);
  return parts.join(', ');
}
