import type { EpochProgress } from './progress';

/** Prints one block of a cell's output (a no-op under `--quiet`). */
export type Print = (text: string) => void;

/** Where the notebook writes what each cell shows. */
export interface NotebookOutput {
  print: Print;
  /** Draws training progress. */
  progress: EpochProgress;
}
