export { sparseCategoricalAccuracy } from './accuracy';
export { InvalidModelOptionError, MnistModelError, TensorShapeError } from './errors';
export {
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
export { withSoftmax } from './softmax';
export { summary } from './summary';
