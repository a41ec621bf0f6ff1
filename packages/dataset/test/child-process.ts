import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * vite-node, which vitest runs on, executes the TypeScript child script the way the tests run the
 * sources; found through vitest's own dependencies.
 */
function viteNodeBin(): string {
  const fromVitest = createRequire(createRequire(import.meta.url).resolve('vitest/package.json'));
  return join(dirname(fromVitest.resolve('vite-node/package.json')), 'vite-node.mjs');
}

const CHILD_SCRIPT = join(import.meta.dirname, 'children/load-mnist-child.ts');

/** What the child printed: the outcome of `loadMnist` and its peak RSS in KiB before and after. */
export interface ChildResult {
  ok: boolean;
  name?: string;
  message?: string;
  trainCount?: number;
  baselineKiB: number;
  peakKiB: number;
}

/** Starts `loadMnist(options)` in a child process. */
export function spawnLoadMnist(options: Record<string, unknown>): ChildProcess {
  return spawn(process.execPath, [viteNodeBin(), CHILD_SCRIPT, JSON.stringify(options)], {
    cwd: join(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `loadMnist(options)` in a child process and returns what it printed; kills it after `timeoutMs`. */
export async function runLoadMnist(
  options: Record<string, unknown>,
  timeoutMs: number,
): Promise<ChildResult> {
  const child = spawnLoadMnist(options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    throw new Error(`child exited with ${code}: ${stdout}\n${stderr}`);
  }
  return JSON.parse(line) as ChildResult;
}
