// Shared by the child scripts. A child prints progress marks (`@@ready`, `@@saved 3`) and, when it
// exits, one report line: `@@report {"ok":...,"result"|"error":...,"maxRssMb":...}`. The parent
// reads the report, so a crash, a hang or a kill shows as a missing report, never as a pass.
// Writes to a pipe are synchronous on Linux, so every mark printed before a SIGKILL arrives.

const REPORT = '@@report ';
let outcome = {
  ok: false,
  error: { name: 'NoOutcome', message: 'the child exited before its work settled' },
};

/** Replaces the outcome at exit from the exit code (the CLI wrapper, which has no `run`). */
let outcomeAtExit;
export function outcomeFromExit(fn) {
  outcomeAtExit = fn;
}

process.on('exit', (code) => {
  if (outcomeAtExit) outcome = outcomeAtExit(code);
  const maxRssMb = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
  process.stdout.write(`${REPORT}${JSON.stringify({ ...outcome, exitCode: code, maxRssMb })}\n`);
});

/** Runs `main`, recording its result, or its error's class name and message (exit code 1). */
export async function run(main) {
  try {
    const result = await main();
    outcome = { ok: true, result: result ?? null };
  } catch (error) {
    outcome = { ok: false, error: describeError(error) };
    process.exitCode = 1;
  }
}

/** `{ name, message }` of a thrown value, plus the `path`/`file` a typed error carries. */
export function describeError(error) {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error) };
  const described = { name: error.name, message: error.message };
  if (typeof error.path === 'string') described.path = error.path;
  if (typeof error.file === 'string') described.file = error.file;
  return described;
}

/** Prints a progress mark for the parent: `@@<text>`. */
export function mark(text) {
  process.stdout.write(`@@${text}\n`);
}

/** The JSON argument of a child: `node child.mjs <op> '<json>'`. */
export function args() {
  const [op, json] = process.argv.slice(2);
  return { op, options: JSON.parse(json ?? '{}') };
}
