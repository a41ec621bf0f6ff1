export {
  type TrainingWorker,
  type WebTrainingThreadOptions,
  type WebTrainingThreadStart,
  webTrainingThreadSpawner,
} from './parallel/web-spawn';
export { serveWebTrainingThread, type TrainingThreadScope } from './parallel/web-training-thread';
