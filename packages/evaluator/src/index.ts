export { EvaluationInputError, InvalidEvaluatorOptionError, MnistEvaluatorError } from './errors';
export { type EvaluateOptions, type EvaluationResult, evaluate } from './evaluate';
