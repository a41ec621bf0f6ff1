export { argMaxRows } from './arg-max-rows';
export { maxBatchSize } from './check-positive-integer';
export { type ConfusionMatrix, confusionMatrix, maxConfusionClasses } from './confusion-matrix';
export {
  EvaluatorError,
  EvaluatorOptionError,
  LabelsError,
  NonFiniteModelWeightError,
} from './errors';
export { type EvaluateOptions, type EvaluationResult, evaluate } from './evaluate';
export {
  type FormatConfusionMatrixOptions,
  formatConfusionMatrix,
} from './format-confusion-matrix';
export {
  type ExamplePrediction,
  type PredictOptions,
  type PredictProbabilitiesOptions,
  predict,
  predictClasses,
  predictProbabilities,
} from './predict';
export { padEndColumns, padStartColumns, textWidth } from './text-width';
