// Runs of `mnist-notebook predict --json` for the image-file faults: a saved model to predict with,
// the run itself within the CLI's bounds, what a refused image must show, and the JSON it prints.
import { CHILD, type ChildRun, describeRun, runChild } from './child';
import { CAP_MB, failureProblems } from './verdict';

/** The wall-clock bound of one predict run (a file refused or a few images predicted). */
export const PREDICT_WALL_MS = 20_000;

/** One image's entry in predict's `--json` output. */
export interface Prediction {
  source: string;
  predicted: number;
  probability: number;
  probabilities: number[];
  /** Only for a model of 10 classes, where a class is a digit. */
  digit?: number;
  inverted?: boolean;
}

/** predict's `--json` output. */
export interface PredictJson {
  numClasses: number;
  predictions: Prediction[];
}

/**
 * Saves the model child's 10-class MLP of seed 1 into `dir`, for the predict runs to load.
 *
 * @throws Error describing the child's run when it does not save.
 */
export async function saveSeedModel(dir: string): Promise<void> {
  const saved = await runChild(CHILD.model, ['save', JSON.stringify({ dir, seed: 1 })], {
    timeoutMs: PREDICT_WALL_MS,
  });
  if (!saved.report?.ok) throw new Error(`cannot save the model:\n${describeRun(saved)}`);
}

/** `mnist-notebook predict --model MODEL --json ARGS...` in a child, killed past its bounds. */
export function runPredict(model: string, ...args: string[]): Promise<ChildRun> {
  return runChild(CHILD.cli, ['predict', '--model', model, '--json', ...args], {
    timeoutMs: PREDICT_WALL_MS,
    hardRssMb: 1.5 * CAP_MB.cli,
  });
}

/** The problems of a predict run that must refuse `file` with a `DigitImageError` naming it. */
export function refusedImageProblems(run: ChildRun, file: string): string[] {
  return failureProblems(run, {
    error: 'DigitImageError',
    names: file,
    capMb: CAP_MB.cli,
    maxWallMs: PREDICT_WALL_MS,
    cli: true,
  });
}

/** The `--json` output of a run, or `undefined` and a problem when stdout is not JSON. */
export function predictJson(run: ChildRun, problems: string[]): PredictJson | undefined {
  try {
    return JSON.parse(run.stdout) as PredictJson;
  } catch {
    problems.push(`stdout is not JSON: ${run.stdout.slice(0, 200)}`);
    return undefined;
  }
}
