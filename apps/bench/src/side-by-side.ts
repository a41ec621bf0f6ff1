import { type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import { evaluate } from '@mnist-wasm/evaluator';
import { median } from './stats';

/** One way of training, timed window by window. */
export interface Contender {
  name: string;
  /** Makes this contender's backend and kernels active; called before each of its windows. */
  activate(): Promise<void> | void;
  /**
   * Prepares one window's training on `split` outside the timing (e.g. stock fit's whole-split
   * tensors) and returns the timed part and the clean-up.
   */
  prepare(split: MnistSplit, window: number): { run(): Promise<void>; dispose(): void };
  /** The model being trained, evaluated on the test split after `evalSteps`. */
  model: Parameters<typeof evaluate>[0];
}

/** Timing plan shared by the contenders of one comparison. */
export interface WindowPlan {
  /** Training steps per window. */
  steps: number;
  batchSize: number;
  /** Timed windows, after one untimed warm-up window. */
  windows: number;
  /** Evaluate on `test` once this many steps (warm-up included) have run; a multiple of `steps`. */
  evalSteps: number;
}

/** What one contender measured. */
export interface ContenderResult {
  name: string;
  /** Median over the timed windows. */
  msPerStep: number;
  /** Each timed window's ms per step, in order. */
  windowMsPerStep: number[];
  /** Test-set loss and accuracy after `evalSteps` steps. */
  test: { steps: number; loss: number; accuracy: number };
}

/** Examples of window `w`: consecutive batches of the training split, wrapping around. */
export function windowSplit(train: MnistSplit, w: number, plan: WindowPlan): MnistSplit {
  const examples = plan.steps * plan.batchSize;
  const windowsInSplit = Math.floor(train.count / examples);
  if (windowsInSplit < 1) {
    throw new RangeError(
      `a window of ${plan.steps} steps x ${plan.batchSize} needs ${examples} examples; the training split has ${train.count}.`,
    );
  }
  const start = (w % windowsInSplit) * examples;
  return sliceExamples(train, start, start + examples);
}

/**
 * Trains every contender on the same windows, interleaved window by window so that load from
 * other processes falls on all of them alike, and evaluates each on `test` after
 * `plan.evalSteps` steps.
 */
export async function runSideBySide(
  contenders: readonly Contender[],
  train: MnistSplit,
  test: MnistSplit,
  plan: WindowPlan,
  onWindow: (name: string, window: number, msPerStep: number) => void = () => {},
): Promise<ContenderResult[]> {
  if (plan.evalSteps % plan.steps !== 0 || plan.evalSteps > (plan.windows + 1) * plan.steps) {
    throw new RangeError(
      `evalSteps ${plan.evalSteps} must be a multiple of the window's ${plan.steps} steps, at most ${(plan.windows + 1) * plan.steps}.`,
    );
  }
  const times = contenders.map((): number[] => []);
  const tests = contenders.map(() => ({ steps: plan.evalSteps, loss: Number.NaN, accuracy: 0 }));
  for (let w = 0; w <= plan.windows; w++) {
    const split = windowSplit(train, w, plan);
    for (const [i, contender] of contenders.entries()) {
      await contender.activate();
      const window = contender.prepare(split, w);
      const start = performance.now();
      await window.run();
      const msPerStep = (performance.now() - start) / plan.steps;
      window.dispose();
      if (w > 0) times[i]!.push(msPerStep);
      onWindow(contender.name, w, msPerStep);
      if ((w + 1) * plan.steps === plan.evalSteps) {
        const { loss, accuracy } = await evaluate(contender.model, test, { batchSize: 500 });
        tests[i] = { steps: plan.evalSteps, loss, accuracy };
      }
    }
  }
  return contenders.map((contender, i) => ({
    name: contender.name,
    msPerStep: median(times[i]!),
    windowMsPerStep: times[i]!,
    test: tests[i]!,
  }));
}
