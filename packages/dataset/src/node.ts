export {
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  type DownloadProgressCallback,
} from './fetch-bounded';
export { DEFAULT_MAX_FILE_BYTES } from './file-limits';
export { defaultCacheDir } from './node/cache-dir';
export {
  DEFAULT_MNIST_BASE_URL,
  type LoadMnistOptions,
  type LoadMnistSplitOptions,
  loadMnist,
  loadMnistSplit,
} from './node/load-mnist';
