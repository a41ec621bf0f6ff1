import { DownloadError, IdxFormatError } from './errors';
import { MNIST_IMAGE_SIZE, type MnistFile } from './files';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdxHeader } from './idx';
import { checkMnistArray } from './mnist-file';

/** Header bytes of each kind of MNIST file: the magic number and one uint32 per dimension. */
const HEADER_BYTES = { images: 16, labels: 8 } as const;
/** Bytes of one example in each kind of MNIST file: a 28x28 image, or a label. */
const EXAMPLE_BYTES = { images: MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE, labels: 1 } as const;

/** How many examples the original `file` holds: 60,000 for training, 10,000 for test. */
export function mnistFileCount(file: MnistFile): number {
  return (file.size - HEADER_BYTES[file.kind]) / EXAMPLE_BYTES[file.kind];
}

/**
 * How many raw bytes of the original `file` hold its header and its first `examples` examples
 * (all of them, the file's `size`, when `examples` is at least {@link mnistFileCount}).
 */
export function mnistPrefixBytes(file: MnistFile, examples: number): number {
  const count = Math.min(examples, mnistFileCount(file));
  return HEADER_BYTES[file.kind] + count * EXAMPLE_BYTES[file.kind];
}

/**
 * The first `examples` examples of an MNIST file read only that far: its header and the
 * examples' bytes, `mnistPrefixBytes(file, examples)` of them. The header is checked as
 * `readMnistFile` checks a whole file, and it must declare the original's count, so the file
 * would be the original's size; the labels read are checked to be digits. The bytes past them,
 * never read, are not checked.
 *
 * @param bytes - The raw (decompressed) start of the file, exactly `mnistPrefixBytes` long.
 * @param url - The file's URL, used in error messages.
 * @param file - The original the bytes stand for.
 * @param examples - How many examples the bytes hold, at most {@link mnistFileCount}.
 * @returns A zero-copy view of the examples' bytes: `examples * 784` pixels or `examples` labels.
 * @throws IdxFormatError when the header is not that of an MNIST file of `file`'s kind, or the
 *   bytes are not as long as the examples need.
 * @throws MnistContentError when a label read is outside 0-9.
 * @throws DownloadError when the header declares another count than the original's.
 */
export function readMnistPrefix(
  bytes: Uint8Array,
  url: string,
  file: MnistFile,
  examples: number,
): Uint8Array {
  const magic = file.kind === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC;
  const { dims, headerLength } = readIdxHeader(bytes, url, magic);
  const length = examples * EXAMPLE_BYTES[file.kind];
  if (bytes.length !== headerLength + length) {
    throw new IdxFormatError(
      url,
      `${url}: ${bytes.length} bytes read, but its header and first ${examples} ${file.kind} take ${headerLength + length}; fetch the file again.`,
    );
  }
  // A plain Uint8Array view, so a Node Buffer passed in does not leak out as a Buffer.
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset + headerLength, length);
  checkMnistArray({ dims, data }, url, file.kind);
  const declared = headerLength + dims.reduce((product, dim) => product * dim, 1);
  if (dims[0] !== mnistFileCount(file)) {
    throw new DownloadError(
      url,
      `${url} declares ${dims[0]} ${file.kind} (${declared} bytes), but the original ${file.name} holds ${mnistFileCount(file)} (${file.size} bytes); check the baseUrl option (it must be the folder holding the MNIST files).`,
    );
  }
  return data;
}
