export {
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  type DownloadProgressCallback,
} from './fetch-bounded';
export { DEFAULT_MAX_FILE_BYTES } from './file-limits';
export { defaultCacheDir } from './node/cache-dir';
export {
  CLASSES_FILE,
  DEFAULT_MNIST_BASE_URL,
  type LoadDatasetOptions,
  type LoadedDataset,
  type LoadMnistOptions,
  type LoadMnistSplitOptions,
  loadDataset,
  loadMnist,
  loadMnistSplit,
  resolveDataset,
} from './node/load-mnist';
export { CLASS_NAMES_MAX_BYTES, readClassNames } from './node/read-class-names';
