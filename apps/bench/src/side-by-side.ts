import { type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import { median } from './stats';

/** One way of training, timed window by window. */
export interface Contender {
  name: string;
  /** Makes this contender's backend and kernels active; called before each of its windows. */
  activate(): Promise<void> | void;
  /**
   * Prepares one window's training on `split` outside the timing (e.g. stock fit's whole-split
   * tensors) and returns the timed part and the clean-up. `run` may return the window's time in
   * ms as the contender measured it itself (a child process, without the round trip to it);
   * otherwise the window is timed around `run`.
   */
  prepare(
    split: MnistSplit,
    window: number,
  ): { run(): Promise<number | undefined>; dispose(): void };
  /** Test-set loss and accuracy of the model being trained, asked after `evalSteps` steps. */
  evaluate(test: MnistSplit): Promise<{ loss: number; accuracy: number }>;
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

/** Where window `w` starts in a training split of `count` examples (see {@link windowSplit}). */
export function windowStart(
  count: number,
  w: number,
  plan: Pick<WindowPlan, 'steps' | 'batchSize'>,
): number {
  const examples = plan.steps * plan.batchSize;
  const windowsInSplit = Math.floor(count / examples);
  if (windowsInSplit < 1) {
    throw new RangeError(
      `a window of ${plan.steps} steps x ${plan.batchSize} needs ${examples} examples; the training split has ${count}.`,
    );
  }
  return (w % windowsInSplit) * examples;
}

/** Examples of window `w`: consecutive batches of the training split, wrapping around. */
export function windowSplit(train: MnistSplit, w: number, plan: WindowPlan): MnistSplit {
  const start = windowStart(train.count, w, plan);
  return sliceExamples(train, start, start + plan.steps * plan.batchSize);
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
      const reported = await window.run();
      const msPerStep = (reported ?? performance.now() - start) / plan.steps;
      window.dispose();
      if (w > 0) times[i]!.push(msPerStep);
      onWindow(contender.name, w, msPerStep);
      if ((w + 1) * plan.steps === plan.evalSteps) {
        const { loss, accuracy } = await contender.evaluate(test);
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
