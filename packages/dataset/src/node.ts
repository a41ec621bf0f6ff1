export { defaultCacheDir } from './node/cache-dir';
export type { DownloadProgressCallback } from './node/download';
export { DEFAULT_MAX_FILE_BYTES } from './node/file-limits';
export {
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  DEFAULT_MNIST_BASE_URL,
  type LoadMnistOptions,
  type LoadMnistSplitOptions,
  loadMnist,
  loadMnistSplit,
} from './node/load-mnist';
