import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Whether {@link useSimdModules} refused the modules; read by every binder on every call. */
let refused = false;

/**
 * Turns this package's WebAssembly SIMD modules off (`false`) or back on (`true`, the default):
 * while off, every kernel of this package runs its plain JavaScript twin, as it does on a runtime
 * without SIMD. The twins give the same bits, so a training run gives the same weights either
 * way, only slower; this lets tests and benchmarks run the fallback where SIMD is available. It
 * changes nothing of TensorFlow.js's own binary (see {@link initWasmBackend}).
 *
 * @param enabled - `false` to run the JavaScript twins, `true` to use SIMD where it can run.
 */
export function useSimdModules(enabled: boolean): void {
  refused = !enabled;
}

/**
 * One of this package's WebAssembly SIMD modules (assembled from `../wat/*.wat`), bound to
 * tfjs-backend-wasm's memory: compiled once, instantiated once per memory. Each module imports the
 * backend's memory as `env.memory`, so that its loops read and write tensors where they are.
 *
 * @param bytes - The module's bytes (`wasmBytes` of a generated file).
 * @param bind - Makes the caller's functions of the instance's exports.
 * @param sharedMemory - Whether the module imports a shared memory (and binds only to one) rather
 *   than a plain one like the backend's.
 * @returns `(memory) => functions`, or `null` where the module cannot run: a runtime without
 *   WebAssembly SIMD, or a shared (threaded) memory, which the module's import does not match;
 *   `null` too while {@link useSimdModules} has them off.
 */
export function simdModuleBinder<T>(
  bytes: Uint8Array<ArrayBuffer>,
  bind: (exports: WebAssembly.Exports) => T,
  sharedMemory = false,
): (memory: WebAssembly.Memory | undefined) => T | null {
  let compiled: WebAssembly.Module | null | undefined;
  const bound = new WeakMap<WebAssembly.Memory, T>();
  return (memory) => {
    const shared =
      typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
    if (memory === undefined || shared !== sharedMemory || refused) return null;
    if (compiled === undefined) {
      compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    }
    if (compiled === null) return null;
    let functions = bound.get(memory);
    if (functions === undefined) {
      functions = bind(new WebAssembly.Instance(compiled, { env: { memory } }).exports);
      bound.set(memory, functions);
    }
    return functions;
  };
}

/**
 * The loops a kernel runs on `backend`: `simdFor` bound to the backend's memory where the SIMD
 * module can run, else the plain JavaScript loops that `plain` makes on its float32 heap (read
 * afresh on each call, since growing the memory replaces the view).
 */
export function loopsOf<T>(
  backend: BackendWasm,
  simdFor: (memory: WebAssembly.Memory | undefined) => T | null,
  plain: (heap: () => Float32Array) => T,
): T {
  const module = backend.wasm as unknown as {
    asm?: { memory?: WebAssembly.Memory };
    HEAPF32: Float32Array;
  };
  return simdFor(module.asm?.memory) ?? plain(() => module.HEAPF32);
}
