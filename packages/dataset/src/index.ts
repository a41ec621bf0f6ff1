export { gatherBatch, type MnistBatch, type MnistBatchBuffers, range } from './batch';
export {
  ChecksumError,
  DownloadError,
  GzipError,
  IdxFormatError,
  MnistContentError,
  MnistDatasetError,
  MnistFileNotFoundError,
} from './errors';
export { MNIST_FILES, MNIST_IMAGE_SIZE, type MnistFile } from './files';
export { gunzip, isGzip } from './gzip';
export { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray, readIdx } from './idx';
export { normalize } from './normalize';
export { type ParseMnistSplitOptions, parseMnistSplit } from './split';
export { type ExampleRange, type MnistTensors, toTensors } from './tensors';
export type { Mnist, MnistSplit } from './types';
