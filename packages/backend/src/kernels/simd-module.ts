/**
 * One of this package's WebAssembly SIMD modules (assembled from `../wat/*.wat`), bound to
 * tfjs-backend-wasm's memory: compiled once, instantiated once per memory. Each module imports the
 * backend's memory as `env.memory`, so that its loops read and write tensors where they are.
 *
 * @param bytes - The module's bytes (`wasmBytes` of a generated file).
 * @param bind - Makes the caller's functions of the instance's exports.
 * @returns `(memory) => functions`, or `null` where the module cannot run: a runtime without
 *   WebAssembly SIMD, or a shared (threaded) memory, which the module's import does not match.
 */
export function simdModuleBinder<T>(
  bytes: Uint8Array<ArrayBuffer>,
  bind: (exports: WebAssembly.Exports) => T,
): (memory: WebAssembly.Memory | undefined) => T | null {
  let compiled: WebAssembly.Module | null | undefined;
  const bound = new WeakMap<WebAssembly.Memory, T>();
  return (memory) => {
    const shared =
      typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
    if (memory === undefined || shared) return null;
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
