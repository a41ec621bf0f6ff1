// A helper thread of a run on several threads: a Web Worker the training worker starts (through
// `webTrainingThreadSpawner`, see spawn-thread.ts), which trains its share of every batch.
import { serveWebTrainingThread } from '@mnist-wasm/trainer/web';

serveWebTrainingThread();
