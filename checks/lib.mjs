// Shared helpers of the release checks: run a command as a named step, fail with a clear message.
import { spawnSync } from 'node:child_process';

/** Error of a check step; its message names the package and the step. */
export class CheckStepError extends Error {
  constructor(subject, step, detail) {
    super(`${subject}: step "${step}" failed${detail ? `\n${detail}` : ''}`);
    this.name = 'CheckStepError';
  }
}

/**
 * Runs `command args` in `cwd`, capturing its output; throws CheckStepError naming `subject` and
 * `step` with the output's tail when it exits non-zero. Returns stdout.
 */
export function run(subject, step, command, args, { cwd, env } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new CheckStepError(subject, step, String(result.error));
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n');
    const tail = output
      .slice(-40)
      .map((line) => `    ${line}`)
      .join('\n');
    throw new CheckStepError(
      subject,
      step,
      `  $ ${command} ${args.join(' ')}   (in ${cwd ?? process.cwd()}, exit ${result.status ?? result.signal})\n${tail}`,
    );
  }
  return result.stdout;
}

/** The command that runs pnpm: the pnpm running this script if any, else `npx -y pnpm@12.4.2`. */
export function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) {
    // pnpm 12 ships as a native executable; older ones as a script for node.
    return /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  }
  return ['npx', ['-y', 'pnpm@12.4.2']];
}

/** Seconds since `start` (a `performance.now()` value), for the summary lines. */
export function seconds(start) {
  return `${((performance.now() - start) / 1000).toFixed(1)}s`;
}
