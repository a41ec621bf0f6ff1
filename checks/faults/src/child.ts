// Runs a child script of ../children in its own `node` process, so a crash, a hang or a memory
// blow-up of the code under test is contained: a kill timer bounds its wall-clock time, a watchdog
// kills it when its resident memory passes a hard limit, and what it reports at exit is parsed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The child scripts. */
export const CHILD = {
  dataset: fileURLToPath(new URL('../children/dataset.mjs', import.meta.url)),
  model: fileURLToPath(new URL('../children/model.mjs', import.meta.url)),
  cli: fileURLToPath(new URL('../children/cli.mjs', import.meta.url)),
} as const;

/** The error a child reports: the class name and message of what it caught. */
export interface ChildError {
  name: string;
  message: string;
  path?: string;
  file?: string;
}

/** The `@@report` line a child prints at exit. */
export interface ChildReport {
  ok: boolean;
  result?: unknown;
  error?: ChildError;
  exitCode: number;
  /** The child's own `process.resourceUsage().maxRSS`, in MB. */
  maxRssMb: number;
}

export interface ChildRun {
  /** What was run, for messages. */
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Undefined when the child died without reporting (killed, crashed). `stdout` is without it. */
  report: ChildReport | undefined;
  /** The `@@` marks the child printed, in order (`ready`, `saved 3`, ...). */
  marks: string[];
  wallMs: number;
  /** Killed by the wall-clock timer. */
  timedOut: boolean;
  /** Killed by the memory watchdog; `watchedPeakMb` is what it saw. */
  memoryKilled: boolean;
  /** Killed on purpose (`killAfter`), this many ms after the mark. */
  killedAfterMs: number | undefined;
  /** The largest VmRSS the watchdog saw, in MB (sampled every 20 ms). */
  watchedPeakMb: number;
}

export interface ChildOptions {
  /** SIGKILL after this long: the wall-clock bound of the child. */
  timeoutMs: number;
  /** SIGKILL when VmRSS passes this (MB), to protect the machine; default 1,536. */
  hardRssMb?: number;
  /** SIGKILL `delayMs` after the child prints `@@<mark>`. */
  killAfter?: { mark: string; delayMs: number };
  env?: NodeJS.ProcessEnv;
}

/** `node script ...args` with the bounds of `options`; resolves when the child has exited. */
export function runChild(script: string, args: string[], options: ChildOptions): Promise<ChildRun> {
  const hardRssMb = options.hardRssMb ?? 1536;
  const start = performance.now();
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const run: ChildRun = {
    command: `node ${script.split('/').slice(-2).join('/')} ${args.join(' ')}`,
    code: null,
    signal: null,
    stdout: '',
    stderr: '',
    report: undefined,
    marks: [],
    wallMs: 0,
    timedOut: false,
    memoryKilled: false,
    killedAfterMs: undefined,
    watchedPeakMb: 0,
  };
  const timers: NodeJS.Timeout[] = [];
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  timers.push(
    setTimeout(() => {
      run.timedOut = true;
      kill();
    }, options.timeoutMs),
  );
  const watchdog = setInterval(() => {
    const rss = readRssMb(child.pid);
    if (rss === undefined) return;
    run.watchedPeakMb = Math.max(run.watchedPeakMb, Math.round(rss * 10) / 10);
    if (rss > hardRssMb) {
      run.memoryKilled = true;
      kill();
    }
  }, 20);

  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('@@')) run.stdout += `${line}\n`;
      if (line.startsWith('@@report ')) {
        run.report = JSON.parse(line.slice('@@report '.length)) as ChildReport;
      } else if (line.startsWith('@@')) {
        const mark = line.slice(2);
        run.marks.push(mark);
        const { killAfter } = options;
        if (killAfter && mark === killAfter.mark) {
          timers.push(
            setTimeout(() => {
              run.killedAfterMs = killAfter.delayMs;
              kill();
            }, killAfter.delayMs),
          );
        }
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    // Keep the start and the end of a long stderr.
    run.stderr = run.stderr.length < 64_000 ? run.stderr + text : run.stderr;
  });

  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(watchdog);
      for (const timer of timers) clearTimeout(timer);
      run.stdout += pending;
      run.code = code;
      run.signal = signal;
      run.wallMs = Math.round(performance.now() - start);
      resolve(run);
    });
  });
}

function readRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** A child's run in a few lines, for assertion messages. */
export function describeRun(run: ChildRun): string {
  const how = run.timedOut
    ? `killed by the ${run.wallMs} ms wall-clock timer`
    : run.memoryKilled
      ? `killed by the memory watchdog at ${Math.round(run.watchedPeakMb)} MB`
      : `exit ${run.code ?? run.signal}`;
  const report = run.report ? JSON.stringify(run.report).slice(0, 600) : 'no report';
  const stderr = run.stderr.trim().split('\n').slice(-6).join('\n    ');
  return `${run.command}\n  ${how} after ${run.wallMs} ms; ${report}\n  stderr: ${stderr || '(empty)'}`;
}
