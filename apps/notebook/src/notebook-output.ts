import type { Examples } from '@mnist-wasm/dataset';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EpochProgress } from './progress';

/** Prints one block of a cell's output (a no-op under `--quiet`). */
export type Print = (text: string) => void;

/** Where the notebook writes what each cell shows. */
export interface NotebookOutput {
  print: Print;
  /** Draws training progress. */
  progress: EpochProgress;
}

/** What the cells after training work on: the trained model, the test examples, the output. */
export interface TestCell {
  model: tfl.LayersModel;
  test: Examples;
  print: Print;
}

/** Output that shows nothing: `--quiet`, and the runs of `sweep`. */
export const SILENT_OUTPUT: NotebookOutput = {
  print() {},
  progress: { start() {}, update() {}, stop() {} },
};
