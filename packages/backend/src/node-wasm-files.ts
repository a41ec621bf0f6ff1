import { WasmFilesNotFoundError } from './errors';

/** True in Node.js (and not in a browser or worker, even one with a `process` polyfill). */
export function isNodeRuntime(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    typeof proc?.versions?.node === 'string' &&
    typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
}

/**
 * Loads a Node built-in without naming it in a static import, so browser bundlers that follow
 * this package never try to resolve it. Only call this on the Node path.
 */
async function nodeBuiltin<T>(name: string): Promise<T> {
  const fromProcess = process.getBuiltinModule?.(name);
  if (fromProcess !== undefined) return fromProcess as T;
  const specifier = `node:${name}`;
  return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as T;
}

/**
 * Finds the folder holding the `.wasm` binaries of the installed `@tensorflow/tfjs-backend-wasm`,
 * resolved from this package's own location (not the current directory), so it works in a pnpm
 * workspace, a hoisted npm install, and from both the ESM and the CJS build.
 *
 * @param binary File name that must exist in the folder, e.g. `tfjs-backend-wasm-simd.wasm`.
 * @returns Absolute folder path ending in `/`, the form `setWasmPaths` expects.
 * @throws WasmFilesNotFoundError if the package cannot be resolved or lacks the binary.
 */
export async function locateNodeWasmFolder(binary: string): Promise<string> {
  const { createRequire } = await nodeBuiltin<typeof import('node:module')>('module');
  const path = await nodeBuiltin<typeof import('node:path')>('path');

  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  } catch (error) {
    throw new WasmFilesNotFoundError(
      `the node_modules folders above ${import.meta.url}`,
      `@tensorflow/tfjs-backend-wasm is not resolvable (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const folder = `${path.join(path.dirname(packageJson), 'dist')}/`;
  await assertNodeWasmBinaryExists(folder, binary);
  return folder;
}

/**
 * Checks that `folder` (a local path prefix, as given to `setWasmPaths`) holds `binary`, so a wrong
 * path fails with a clear error before TF.js tries, and fails for good, to load it.
 *
 * @throws WasmFilesNotFoundError naming the folder when the file is missing.
 */
export async function assertNodeWasmBinaryExists(folder: string, binary: string): Promise<void> {
  const fs = await nodeBuiltin<typeof import('node:fs')>('fs');
  if (!fs.existsSync(`${folder}${binary}`)) {
    throw new WasmFilesNotFoundError(folder, `${binary} is missing`);
  }
}
