// Data-parallel training (issue 23): a training thread that dies mid-epoch ends the run with a
// typed error naming it, in seconds, within the memory cap, with no thread left behind (a
// process with a live worker thread does not exit, so the child exiting on its own shows none
// is); Stop-like ends and a clean run on two threads, through the built CLI in a child.
import { afterAll, describe, it } from 'vitest';
import { CHILD, type ChildRun, runChild } from '../src/child';
import { cleanup } from '../src/fixtures';
import { CAP_MB, failureProblems, Outcomes, successProblems } from '../src/verdict';

const outcomes = new Outcomes('parallel-training');
const WALL_MS = 30_000;
/** The step the fault hook ends thread 1 at: mid-epoch (2,000 examples make 63 steps). */
const KILL_STEP = 20;
const RUN = ['--train-limit', '2000', '--test-limit', '200', '--epochs', '1', '--seed', '1'];

function cli(args: string[], env?: NodeJS.ProcessEnv): Promise<ChildRun> {
  return runChild(CHILD.cli, args, {
    timeoutMs: WALL_MS,
    hardRssMb: 1.5 * CAP_MB.cli,
    ...(env && { env }),
  });
}

/** The run's `--json` output, when it printed one. */
function json(run: ChildRun): { threads?: number; test?: { accuracy: number } } {
  try {
    return JSON.parse(run.stdout);
  } catch {
    return {};
  }
}

afterAll(async () => {
  outcomes.write();
  await cleanup();
});

describe('a training thread dies mid-epoch', () => {
  for (const model of ['mlp', 'cnn']) {
    it(`--model ${model} --threads 2: thread 1 ends at step ${KILL_STEP}; TrainingThreadError, exit 1, no hang`, async () => {
      const run = await cli(['--model', model, '--threads', '2', ...RUN], {
        MNIST_WASM_FAULT_KILL_WORKER_AT_STEP: String(KILL_STEP),
      });
      const problems = failureProblems(run, {
        error: 'TrainingThreadError',
        names: 'training thread 1 of 2 ended (exit code 70)',
        capMb: CAP_MB.cli,
        maxWallMs: WALL_MS,
        cli: true,
      });
      if (run.stdout.includes('model.evaluate') || run.stderr.includes('model.evaluate')) {
        problems.push('the run went on to evaluate after the thread died');
      }
      outcomes.expectSurvived(
        `--model ${model} --threads 2, thread 1 killed at step ${KILL_STEP}`,
        'exit 1, TrainingThreadError naming the thread and its exit, the process ends by itself',
        run,
        CAP_MB.cli,
        problems,
      );
    });
  }
});

describe('two threads train as one', () => {
  it('--threads 2 reaches the test accuracy of --threads 1 (same seed), under the cap', async () => {
    const one = await cli(['--threads', '1', '--json', ...RUN]);
    const two = await cli(['--threads', '2', '--json', ...RUN]);
    const problems = [
      ...successProblems(one, { capMb: CAP_MB.cli, maxWallMs: WALL_MS }),
      ...successProblems(two, { capMb: CAP_MB.cli, maxWallMs: WALL_MS }),
    ];
    const [a, b] = [json(one), json(two)];
    if (b.threads !== 2) problems.push(`--threads 2 trained on ${b.threads} threads`);
    const gap = Math.abs((a.test?.accuracy ?? 0) - (b.test?.accuracy ?? 1));
    // The same masks and batches; only the order gradients are summed in differs.
    if (!(gap <= 0.01)) problems.push(`test accuracy ${a.test?.accuracy} vs ${b.test?.accuracy}`);
    outcomes.expectSurvived(
      '--threads 2 against --threads 1',
      'exit 0, 2 threads used, the same test accuracy within 0.01',
      [one, two],
      CAP_MB.cli,
      problems,
      `accuracy ${a.test?.accuracy} (1 thread), ${b.test?.accuracy} (2); peak RSS ${one.report?.maxRssMb} and ${two.report?.maxRssMb} MB`,
    );
  });
});
