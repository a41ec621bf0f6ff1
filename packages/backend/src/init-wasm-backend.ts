import { optionChecks } from '@mnist-wasm/errors';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { BackendInitError, BackendOptionError, SimdUnsupportedError } from './errors';
import { assertNodeWasmBinaryExists, isNodeRuntime, locateNodeWasmFolder } from './node-wasm-files';
import { registerAdamUpdate } from './register-adam-update';
import { registerConvKernels } from './register-conv-kernels';
import { registerDenseKernels } from './register-dense-kernels';
import { registerKernelFixes } from './register-kernel-fixes';
import { registerPoolKernels } from './register-pool-kernels';
import { registerTrainingKernels } from './register-training-kernels';

/** File names of the three binaries shipped by `@tensorflow/tfjs-backend-wasm`. */
export type WasmBinaryName =
  | 'tfjs-backend-wasm.wasm'
  | 'tfjs-backend-wasm-simd.wasm'
  | 'tfjs-backend-wasm-threaded-simd.wasm';

/** Options of {@link initWasmBackend}. */
export interface InitWasmBackendOptions {
  /**
   * Where the `.wasm` binaries are served: a folder or URL prefix ending in `/`, or a map from each
   * {@link WasmBinaryName} to its URL. Required in browsers and bundles (copy the files from
   * `@tensorflow/tfjs-backend-wasm/dist`); in Node the installed package is found by default.
   */
  wasmPaths?: string | Record<WasmBinaryName, string>;
  /** Throw {@link SimdUnsupportedError} instead of falling back to the slow non-SIMD binary. */
  requireSimd?: boolean;
  /**
   * Browsers only: number of XNNPACK threads (needs a cross-origin-isolated page). `1` disables
   * the threaded binary; omitted, TensorFlow.js uses one thread per core when it can. Ignored in
   * Node, where the threaded 4.22 binary does not run and one thread is always used.
   */
  threads?: number;
  /** Register this package's faster replacements for slow stock kernels (default `true`). */
  kernelFixes?: boolean;
}

/** What {@link initWasmBackend} set up. */
export interface WasmBackendReport {
  backend: 'wasm';
  /** Whether the SIMD binary is running. */
  simd: boolean;
  /** Number of threads XNNPACK uses (1 in Node). */
  threads: number;
  /** Version of `@tensorflow/tfjs-core`. */
  tfjsVersion: string;
}

let initialization: Promise<WasmBackendReport> | undefined;

/**
 * Makes TensorFlow.js's WebAssembly backend (`@tensorflow/tfjs-backend-wasm` 4.22) the active
 * backend and resolves once it is ready. SIMD is used whenever the runtime supports it. It
 * registers the fused Adam kernel ({@link adamUpdate}), the training kernels tfjs-backend-wasm
 * lacks (see {@link registerTrainingKernels}) and, by default, this package's kernel fixes (see
 * {@link registerKernelFixes}).
 *
 * Calling it again returns the first call's report without re-initializing; the options of later
 * calls are ignored. After a failed call, a later call tries again.
 *
 * @param options See {@link InitWasmBackendOptions}. In Node no option is needed.
 * @returns `{ backend: 'wasm', simd, threads, tfjsVersion }`.
 * @throws WasmFilesNotFoundError (Node) if the binaries are not in the installed package or in the
 *   local `wasmPaths` folder.
 * @throws SimdUnsupportedError if `requireSimd` is set and the runtime lacks SIMD.
 * @throws BackendInitError if TensorFlow.js fails to load or compile the binary.
 * @throws BackendOptionError if `threads` is not a positive integer.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { initWasmBackend } from '@mnist-wasm/backend';
 *
 * const report = await initWasmBackend({ requireSimd: true });
 * console.log(report); // { backend: 'wasm', simd: true, threads: 1, tfjsVersion: '4.22.0' }
 * tf.matMul(tf.ones([2, 3]), tf.ones([3, 4])).print();
 * ```
 */
export function initWasmBackend(options: InitWasmBackendOptions = {}): Promise<WasmBackendReport> {
  if (initialization === undefined) {
    initialization = initialize(options);
    initialization.catch(() => {
      initialization = undefined;
    });
  }
  return initialization;
}

async function initialize(options: InitWasmBackendOptions): Promise<WasmBackendReport> {
  const { threads, requireSimd = false, kernelFixes = true } = options;
  if (threads !== undefined) {
    optionChecks(BackendOptionError, 'initWasmBackend').integer('threads', threads, {
      min: 1,
      allowed: 'a positive integer',
    });
  }
  const node = isNodeRuntime();
  if (node || threads === 1) {
    // The 4.22 threaded binary does not start in Node; tell TF.js not to pick it.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  if (requireSimd && !simd) throw new SimdUnsupportedError();

  // Someone may have started the backend already; then its binaries are loaded and fixed.
  if (tf.findBackend('wasm') === null) {
    const location = await configureWasmPaths(options.wasmPaths, node, simd);
    if (!node && threads !== undefined) setThreadsCount(threads);
    let ready: boolean;
    try {
      ready = await tf.setBackend('wasm');
    } catch (error) {
      throw new BackendInitError(location, error);
    }
    if (!ready) throw new BackendInitError(location);
  } else if (tf.getBackend() !== 'wasm') {
    await tf.setBackend('wasm');
  }
  await tf.ready();

  // A new kernel, not a replacement: stock code never calls it, so it is there either way.
  registerAdamUpdate();
  registerDenseKernels();
  registerConvKernels();
  registerPoolKernels();
  registerTrainingKernels();
  if (kernelFixes) registerKernelFixes();
  return { backend: 'wasm', simd, threads: getThreadsCount(), tfjsVersion: tf.version_core };
}

/** Points TF.js at the binaries and returns a description of where, for error messages. */
async function configureWasmPaths(
  wasmPaths: InitWasmBackendOptions['wasmPaths'],
  node: boolean,
  simd: boolean,
): Promise<string> {
  const binary: WasmBinaryName = simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  if (wasmPaths !== undefined) {
    if (node && typeof wasmPaths === 'string' && !/^[a-z][a-z0-9+.-]+:\/\//i.test(wasmPaths)) {
      await assertNodeWasmBinaryExists(wasmPaths, binary);
    }
    setWasmPaths(wasmPaths);
    return typeof wasmPaths === 'string' ? wasmPaths : JSON.stringify(wasmPaths);
  }
  if (!node) {
    // The default (next to the bundled script) rarely holds the binaries; let TF.js try anyway.
    return 'the default location next to the TensorFlow.js script (pass `wasmPaths`)';
  }
  const folder = await locateNodeWasmFolder(binary);
  setWasmPaths(folder);
  return folder;
}
