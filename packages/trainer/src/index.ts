export type { BatchEndInfo, EpochBeginInfo, EpochLogs, TrainCallbacks } from './callbacks';
export {
  NonFiniteLossError,
  TrainerError,
  TrainerOptionError,
  UnknownVariableError,
} from './errors';
export { FusedAdam, type FusedAdamConfig } from './fused-adam';
export type { AbortPoint, TrainHistory } from './history';
export type { TrainOptions } from './options';
export { type TrainResult, train } from './train';
