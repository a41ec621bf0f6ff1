import { IdxFormatError, MnistContentError } from './errors';
import { MNIST_CLASSES, MNIST_IMAGE_SIZE, type MnistFile } from './files';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray, readIdx } from './idx';

/**
 * Reads one raw MNIST-layout file on its own and checks what can be checked without its partner:
 * images are IDX magic 2051 of 28x28 uint8 images, labels IDX magic 2049 of digits 0-9. The
 * loader runs this on every file before its checksum and before caching it, so a bad file is
 * reported for what is wrong with it and never cached.
 *
 * @param bytes - The raw (decompressed) file.
 * @param file - The file's name, path or URL, used in error messages.
 * @param kind - `'images'` or `'labels'`.
 * @returns The IDX dimensions and a zero-copy uint8 view of the data.
 * @throws IdxFormatError when the bytes are not IDX of that kind (see {@link readIdx}) or the
 *   images are not 28x28.
 * @throws MnistContentError when a label is outside 0-9, or the file holds no images or labels
 *   (its header declares a count of 0): a split needs at least one example.
 */
export function readMnistFile(bytes: Uint8Array, file: string, kind: MnistFile['kind']): IdxArray {
  const array = readIdx(bytes, file, kind === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC);
  checkMnistArray(array, file, kind);
  return array;
}

/**
 * The checks of {@link readMnistFile} past the IDX format, on an array whose `data` may hold only
 * the first examples its `dims` declare (a file read only that far): images 28x28, a count above
 * 0, every label in `data` within 0-9.
 *
 * @throws IdxFormatError when the images are not 28x28.
 * @throws MnistContentError when the count is 0 or a label is outside 0-9.
 */
export function checkMnistArray(array: IdxArray, file: string, kind: MnistFile['kind']): void {
  if (kind === 'images') {
    const [, rows, cols] = array.dims as [number, number, number];
    if (rows !== MNIST_IMAGE_SIZE || cols !== MNIST_IMAGE_SIZE) {
      throw new IdxFormatError(
        file,
        `${file}: images are ${rows}x${cols} pixels, expected ${MNIST_IMAGE_SIZE}x${MNIST_IMAGE_SIZE}; MNIST models take 28x28 inputs, resize the images first.`,
      );
    }
    if (array.dims[0] === 0) throw emptyFile(file, 'images');
    return;
  }
  if (array.dims[0] === 0) throw emptyFile(file, 'labels');
  const badLabel = array.data.findIndex((label) => label >= MNIST_CLASSES);
  if (badLabel >= 0) {
    throw new MnistContentError(
      file,
      `${file}: label ${array.data[badLabel]} at index ${badLabel} is outside 0-9; the file is corrupt or not MNIST digit labels.`,
    );
  }
}

function emptyFile(file: string, kind: MnistFile['kind']): MnistContentError {
  return new MnistContentError(
    file,
    `${file}: the header declares 0 ${kind}, so the file holds none; an MNIST split needs at least one example, use a file that holds some.`,
  );
}
