// `node cli.mjs ARGS...`: runs the built notebook CLI (apps/notebook/dist/cli.js) with ARGS, and
// reports its peak RSS and the error it ended with. The CLI prints only `mnist-notebook: MESSAGE`;
// to also see the error's class, Promise.prototype.catch is wrapped to remember the last value a
// catch handler received: the CLI's top-level `program.parseAsync(argv).catch(...)` runs last.
// The parent checks that the remembered error's message is the one the CLI printed.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describeError, outcomeFromExit } from './report.mjs';

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@mnist-wasm/notebook/package.json')), 'dist', 'cli.js');

let caught;
const originalCatch = Promise.prototype.catch;
Promise.prototype.catch = function (onRejected) {
  if (typeof onRejected !== 'function') return originalCatch.call(this, onRejected);
  return originalCatch.call(this, function (reason) {
    caught = reason;
    return onRejected.call(this, reason);
  });
};

outcomeFromExit((code) =>
  code === 0
    ? { ok: true, result: null }
    : {
        ok: false,
        error:
          caught === undefined ? { name: 'NoCaughtError', message: '' } : describeError(caught),
      },
);

process.argv = [process.argv[0], cli, ...process.argv.slice(2)];
await import(cli);
