export { gatherBatch, type MnistBatch, type MnistBatchBuffers, range } from './batch';
export { normalize } from './normalize';
export type { Mnist, MnistSplit } from './types';
