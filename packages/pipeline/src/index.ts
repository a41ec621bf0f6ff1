export { type BuiltModel, buildModel } from './build-model';
export { confusion } from './confusion';
export {
  type DataDescription,
  type DataType,
  describeData,
  type LabelledDigit,
  type SplitDescription,
} from './describe-data';
export { digitPixels } from './digit-pixels';
export { evaluateModel, type TestResult } from './evaluate-model';
export type { BatchEvent, EpochBeginEvent, EpochEndEvent, FitEvent } from './fit-events';
export { type FitOptions, type FitResult, fitModel } from './fit-model';
export {
  isKerasNotebookRun,
  KERAS_NOTEBOOK_RESULT,
  NOTEBOOK_SETTINGS,
  type RunSettings,
} from './keras-notebook';
export { MODEL_KINDS, type ModelKind } from './model-kind';
export { type Mistake, type Mistakes, mostConfidentMistakes } from './most-confident-mistakes';
export { type ExampleProbabilities, probabilities } from './probabilities';
export { type UntrainedResult, untrainedCells } from './untrained-cells';
