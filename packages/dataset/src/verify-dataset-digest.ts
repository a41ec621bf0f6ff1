import { type DatasetFile, type DatasetSpec, findDatasetFile } from './dataset-catalog';
import { ChecksumError } from './errors';

/**
 * Whether Web Crypto's digest is there: browsers give `crypto.subtle` only to secure contexts
 * (https, localhost), not to a page served over plain http from another host.
 */
export function canDigest(): boolean {
  return globalThis.crypto?.subtle !== undefined;
}

/**
 * The SHA-256 of `bytes`, lowercase hex, by Web Crypto (browsers, workers and Node 20).
 * @throws TypeError outside a secure context, where `crypto.subtle` is missing ({@link canDigest}).
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks the raw (decompressed) bytes of one whole file of `dataset` against the SHA-256 its
 * catalog entry gives, without Node: the browser's twin of the Node loader's check. A file whose
 * data set publishes no raw digest (Kuzushiji-MNIST gives only its `.gz` digests, and the bytes
 * here are decompressed) is not checked: its size and IDX header are all that is verified; nor is
 * any file outside a secure context, where browsers give no `crypto.subtle` ({@link canDigest}).
 *
 * @param raw - The whole file's raw bytes, e.g. 47,040,016 of them for the training images.
 * @param source - The URL the file came from, named in the message.
 * @param dataset - The data set the file was fetched as, e.g. `DATASETS['fashion-mnist']`.
 * @param file - Its entry in `dataset.files`.
 * @returns Whether a digest was checked: false when the data set has no raw digest for the file,
 *   or Web Crypto is missing.
 * @throws ChecksumError naming the URL, the file and the data set; when the digest is that of
 *   another data set's file of the catalog, the message names that data set and `dataset` holds
 *   its name.
 */
export async function verifyDatasetDigest(
  raw: Uint8Array,
  source: string,
  dataset: DatasetSpec,
  file: DatasetFile,
): Promise<boolean> {
  if (file.sha256 === null || !canDigest()) return false;
  const actual = await sha256Hex(raw);
  if (actual === file.sha256) return true;
  const other = findDatasetFile(actual);
  if (other !== undefined && other.dataset.name !== dataset.name) {
    throw new ChecksumError(
      source,
      `${source} is not ${dataset.title}'s ${file.name}: its SHA-256 is that of ${other.dataset.title}'s ${other.file.name}. Choose ${other.dataset.title} as the data set, or give the URL of a folder holding ${dataset.title}'s files.`,
      file.sha256,
      actual,
      other.dataset.name,
    );
  }
  throw new ChecksumError(
    source,
    `${source}: SHA-256 ${actual} is not that of ${dataset.title}'s original ${file.name} (${file.sha256}), so this is not ${dataset.title}'s file nor an intact copy of it: give the URL of a folder holding ${dataset.title}'s original files, or choose "your own files" for other IDX data.`,
    file.sha256,
    actual,
  );
}
