export { type ConfusionMatrix, confusionMatrix } from './confusion-matrix';
export { EvaluationInputError, InvalidEvaluatorOptionError, MnistEvaluatorError } from './errors';
export { type EvaluateOptions, type EvaluationResult, evaluate } from './evaluate';
export { formatConfusionMatrix } from './format-confusion-matrix';
export {
  type PredictionImages,
  type PredictOptions,
  type PredictProbabilitiesOptions,
  predictClasses,
  predictProbabilities,
} from './predict';
