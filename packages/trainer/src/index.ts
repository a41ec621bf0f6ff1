export {
  AUGMENT_DEFAULTS,
  type AugmenterOptions,
  type AugmentOptions,
  createAugmenter,
  ELASTIC_DEFAULTS,
  type ElasticOptions,
} from './augment';
export {
  maxTrainBatchSize,
  type TrainBatchBound,
  trainBatchBound,
  trainStepBytesPerExample,
  trainStepMemoryBudget,
} from './batch-memory';
export type { BatchEndInfo, EpochBeginInfo, EpochLogs, TrainCallbacks } from './callbacks';
export type { UpdatePoint } from './errors';
export {
  ConcurrentTrainingError,
  DivergedUpdateError,
  NonFiniteLossError,
  TrainerError,
  TrainerOptionError,
  TrainingThreadError,
  UnknownVariableError,
} from './errors';
export { FusedAdam, type FusedAdamConfig } from './fused-adam';
export type { AbortPoint, TrainHistory } from './history';
export { maxBatchSize, maxEpochs, maxThreads, type TrainOptions } from './options';
export { chooseThreads, type ThreadChoice, type ThreadChoiceFacts } from './parallel/thread-choice';
export type {
  SpawnTrainingThread,
  TrainingThreadEvents,
  TrainingThreadHandle,
  TrainingThreadInit,
  TrainingThreadReply,
} from './parallel/thread-protocol';
export { runTrainingThread } from './parallel/training-thread';
export { SeededRandom } from './random';
export { type TrainResult, train } from './train';
