export {
  type BatchBuffers,
  type ExampleBatch,
  gatherBatch,
  gatherFeatures,
  range,
} from './batch';
export { checkClassNames, MAX_CLASS_NAME_LENGTH, splitClassNames } from './class-names';
export {
  DATASET_NAMES,
  DATASETS,
  type DatasetFile,
  type DatasetFileKey,
  type DatasetName,
  type DatasetSpec,
  findDatasetFile,
  isDatasetName,
} from './dataset-catalog';
export {
  CacheError,
  ChecksumError,
  ClassNamesError,
  DataFileError,
  DataFileNotFoundError,
  DatasetError,
  DatasetOptionError,
  DownloadError,
  ExamplesError,
  type ExceededLimit,
  GzipError,
  IdxFormatError,
  MnistContentError,
  NoInkError,
} from './errors';
export {
  type CheckExamplesOptions,
  checkExamples,
  createExamples,
  type Examples,
  exampleSize,
  type FeatureArray,
  type LabelArray,
  sliceExamples,
  type UnlabeledExamples,
} from './examples';
export {
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  type DownloadProgressCallback,
} from './fetch-bounded';
export {
  CLASS_NAMES_FILE,
  type FetchIdxFolderOptions,
  fetchIdxFolder,
  type IdxFolder,
} from './fetch-idx-folder';
export { type FetchMnistOptions, fetchMnist } from './fetch-mnist';
export { MNIST_CLASSES, MNIST_FILES, MNIST_IMAGE_SIZE, type MnistFile } from './files';
export { type GunzipOptions, gunzip, isGzip } from './gzip';
export { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray, readIdx } from './idx';
export { readMnistFile } from './mnist-file';
export {
  type DigitImageData,
  type MnistLayout,
  type MnistLayoutOptions,
  toMnistLayout,
} from './mnist-layout';
export {
  type Mnist,
  type MnistSplit,
  type ParseMnistSplitOptions,
  parseMnistSplit,
} from './mnist-split';
export { normalize } from './normalize';
export { type GrayImage, resizeArea } from './resize-area';
export { withSharedImages } from './shared-images';
export { type ExampleRange, type ExampleTensors, toTensors } from './tensors';
export { canDigest, sha256Hex, verifyDatasetDigest } from './verify-dataset-digest';
