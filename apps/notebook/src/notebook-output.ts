import type { EpochProgress } from './progress';

/** Prints one block of a cell's output (a no-op under `--quiet`). */
export type Print = (text: string) => void;

/** Where the notebook writes what each cell shows. */
export interface NotebookOutput {
  print: Print;
  /** Draws training progress. */
  progress: EpochProgress;
}

/** Output that shows nothing: `--quiet`, and the runs of `sweep`. */
export const SILENT_OUTPUT: NotebookOutput = {
  print() {},
  progress: { start() {}, update() {}, stop() {} },
};
