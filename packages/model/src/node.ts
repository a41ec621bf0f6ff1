export {
  SavedModelError,
  SavedModelFormatError,
  SavedModelNotFoundError,
  SavedModelWriteError,
} from './errors';
export { fileSystem } from './node/file-system';
export { MODEL_JSON, WEIGHTS_BIN } from './node/model-files';
export { loadModel, saveModel } from './node/save-load';
