export {
  NonFiniteWeightError,
  SavedModelError,
  SavedModelFormatError,
  SavedModelNotFoundError,
  SavedModelWriteError,
} from './errors';
export { MODEL_JSON, WEIGHTS_BIN } from './model-files';
export { MODEL_JSON_MAX_BYTES } from './node/bounded-read';
export { fileSystem } from './node/file-system';
export { loadModel, saveModel } from './node/save-load';
export { checkModelFolderWritable } from './node/writable-folder';
