// What every fault asserts about its child, collected as a list of problems (empty: the fault was
// survived), and a per-file table of the outcomes, printed, and written as JSON for the summary
// table that global-setup.ts prints at the end of the run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import { type ChildRun, describeRun } from './child';

/** Memory caps (peak RSS of the child, from its own `process.resourceUsage().maxRSS`). */
export const CAP_MB = {
  /** A dataset child: loads all of MNIST in about 100 MB. */
  dataset: 300,
  /** A model child on the WASM backend: about 110 MB. */
  model: 300,
  /** The notebook CLI (`predict`, or a run stopped before training): about 150 MB. */
  cli: 400,
} as const;

/**
 * For a fault whose error class the issue does not name: any error class of the project (its
 * name ends in `Error`), not one of JavaScript's own (`Error`, `TypeError`, `RangeError`, ...).
 */
export const PROJECT_ERROR = Symbol('a project error class');
const BUILTIN_ERRORS = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
  'AbortError',
  'TimeoutError',
]);

export interface TypedFailure {
  /**
   * The class name of the error (one of these, when two describe the fault equally well), or
   * {@link PROJECT_ERROR}.
   */
  error: string | readonly string[] | typeof PROJECT_ERROR;
  /** What the message must contain: the path of the file or the URL. */
  names: string;
  capMb: number;
  /** Wall-clock bound; the child is killed when it passes it. */
  maxWallMs: number;
  /** The child is the notebook CLI: it must also print `mnist-notebook: MESSAGE` on stderr. */
  cli?: boolean;
}

/** The problems of a run that should end in a typed error naming the file, within the bounds. */
export function failureProblems(run: ChildRun, expected: TypedFailure): string[] {
  const problems = boundProblems(run, expected);
  const { report } = run;
  if (!report) return problems;
  const wanted = expectedErrorText(expected.error);
  if (report.ok || run.code === 0) {
    problems.push(`succeeded (exit ${run.code}) instead of failing with ${wanted}`);
    return problems;
  }
  if (run.code !== 1) problems.push(`exit code ${run.code}, not 1`);
  const error = report.error;
  if (!error) {
    problems.push('no error reported');
    return problems;
  }
  const accepted =
    expected.error === PROJECT_ERROR
      ? /Error$/.test(error.name) && !BUILTIN_ERRORS.has(error.name)
      : (typeof expected.error === 'string' ? [expected.error] : expected.error).includes(
          error.name,
        );
  if (!accepted) {
    problems.push(`threw ${error.name}, not ${wanted}: ${error.message.slice(0, 300)}`);
  }
  if (!error.message.includes(expected.names)) {
    problems.push(`the message does not name ${expected.names}: ${error.message.slice(0, 300)}`);
  }
  if (expected.cli && !run.stderr.includes(`mnist-notebook: ${error.message}`)) {
    problems.push('the CLI did not print that error as `mnist-notebook: MESSAGE`');
  }
  return problems;
}

/** The expected error as the table and messages say it. */
export function expectedErrorText(error: TypedFailure['error']): string {
  if (error === PROJECT_ERROR) return 'a project error class';
  return typeof error === 'string' ? error : error.join(' or ');
}

/** The problems of a run that should succeed within the bounds. */
export function successProblems(
  run: ChildRun,
  expected: { capMb: number; maxWallMs: number },
): string[] {
  const problems = boundProblems(run, expected);
  if (run.report && !(run.report.ok && run.code === 0)) {
    const error = run.report.error;
    problems.push(`failed (exit ${run.code}): ${error?.name}: ${error?.message.slice(0, 300)}`);
  }
  return problems;
}

function boundProblems(run: ChildRun, expected: { capMb: number; maxWallMs: number }): string[] {
  const problems: string[] = [];
  if (run.timedOut) problems.push(`still running after the ${expected.maxWallMs} ms bound: killed`);
  if (run.memoryKilled) {
    problems.push(`killed by the memory watchdog at ${Math.round(run.watchedPeakMb)} MB`);
  }
  if (!run.report) {
    if (!run.timedOut && !run.memoryKilled) {
      problems.push(`died without a report (exit ${run.code ?? run.signal})`);
    }
    return problems;
  }
  if (run.report.maxRssMb >= expected.capMb) {
    problems.push(`peak RSS ${run.report.maxRssMb} MB, over the ${expected.capMb} MB cap`);
  }
  if (run.wallMs > expected.maxWallMs && !run.timedOut) {
    problems.push(`took ${run.wallMs} ms, over the ${expected.maxWallMs} ms bound`);
  }
  return problems;
}

export interface Outcome {
  fault: string;
  asserted: string;
  capMb: number | undefined;
  peakRssMb: number | undefined;
  wallMs: number | undefined;
  /** What happened, for the table (kill points, states seen). */
  note?: string;
  problems: string[];
}

/** The outcomes of one test file; `expectSurvived` records a fault and fails the test on problems. */
export class Outcomes {
  readonly list: Outcome[] = [];

  constructor(readonly group: string) {}

  expectSurvived(
    fault: string,
    asserted: string,
    runs: ChildRun | readonly ChildRun[],
    capMb: number | undefined,
    problems: string[],
    note?: string,
  ): void {
    const all = Array.isArray(runs) ? runs : [runs as ChildRun];
    const rss = all.map((run) => run.report?.maxRssMb ?? run.watchedPeakMb);
    const outcome: Outcome = {
      fault,
      asserted,
      capMb,
      peakRssMb: rss.length ? Math.max(...rss) : undefined,
      wallMs: all.length ? Math.max(...all.map((run) => run.wallMs)) : undefined,
      ...(note !== undefined && { note }),
      problems,
    };
    this.list.push(outcome);
    const details = all.map(describeRun).join('\n');
    expect(problems, `${fault}: ${problems.join('; ')}\n${details}`).toEqual([]);
  }

  /** Prints the table, and writes it as JSON for the summary at the end of the run. */
  write(): void {
    const dir = inject('resultsDir');
    if (dir)
      writeFileSync(join(dir, `${this.group}.json`), `${JSON.stringify(this.list, null, 2)}\n`);
    const lines = this.list.map(
      (o) =>
        `${o.problems.length ? 'FAIL' : 'ok  '} ${o.fault.padEnd(44)} peak ${String(o.peakRssMb ?? '-').padStart(6)} MB` +
        ` (cap ${o.capMb ?? '-'})  ${o.wallMs ?? '-'} ms${o.note ? `\n       ${o.note}` : ''}${o.problems.length ? `\n       ${o.problems.join('\n       ')}` : ''}`,
    );
    console.log(`faults: ${this.group}\n${lines.join('\n')}`);
  }
}
