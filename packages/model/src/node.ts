export {
  NonFiniteWeightError,
  SavedModelError,
  SavedModelFormatError,
  SavedModelNotFoundError,
  SavedModelWriteError,
} from './errors';
export { MODEL_JSON_MAX_BYTES } from './node/bounded-read';
export { fileSystem } from './node/file-system';
export { MODEL_JSON, WEIGHTS_BIN } from './node/model-files';
export { loadModel, saveModel } from './node/save-load';
export { checkModelFolderWritable } from './node/writable-folder';
