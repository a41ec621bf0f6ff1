export { sparseCategoricalAccuracy } from './accuracy';
export {
  createMnistCnn,
  MNIST_CNN_DEFAULTS,
  MNIST_CNN_LAYER_NAMES,
  MNIST_CNN_MAX_BLOCKS,
  type MnistCnnOptions,
} from './cnn';
export {
  ModelError,
  ModelOptionError,
  SavedModelError,
  SavedModelFormatError,
  SavedModelNotFoundError,
  TensorShapeError,
  UnsupportedModelError,
} from './errors';
export {
  type BatchLoss,
  lossAndGradientFromLogits,
  PROBABILITY_EPSILON,
  type SparseCategoricalCrossentropyOptions,
  type SparseLossFunction,
  sparseCategoricalCrossentropy,
} from './loss';
export {
  createMnistMlp,
  MNIST_MLP_DEFAULTS,
  MNIST_MLP_LAYER_NAMES,
  type MnistMlpOptions,
} from './mlp';
export {
  type CheckedModelFiles,
  checkModelFiles,
  type PickedModelFile,
} from './model-file-check';
export { MODEL_JSON, type ModelFiles, modelFiles, WEIGHTS_BIN } from './model-files';
export { SeededDropout } from './plan/dropout';
export type {
  LayerBackward,
  LayerForward,
  MaskRandom,
  PassMode,
  PlanLayer,
  PlanLayerKind,
} from './plan/layer';
export {
  type ModelPlan,
  type PlanGradients,
  type PlanOutcome,
  type PlanPass,
  type PlanRecord,
  planBackward,
  planForward,
  planModel,
} from './plan/plan';
export { loadPretrainedMnist, PRETRAINED_MNIST } from './pretrained-mnist';
export {
  type ClassifierMetadata,
  type ClassifierSignature,
  classifierMetadata,
  classifierSignature,
  setClassifierMetadata,
} from './signature';
export { withSoftmax } from './softmax';
export { summary } from './summary';
