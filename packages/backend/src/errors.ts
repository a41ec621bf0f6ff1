/**
 * Base class of every error thrown by `@mnist-wasm/backend`, so callers can catch them all with one
 * `instanceof` check.
 */
export class WasmBackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The `.wasm` binaries of `@tensorflow/tfjs-backend-wasm` were not found where they were looked for. */
export class WasmFilesNotFoundError extends WasmBackendError {
  constructor(
    /** The folder (or URL prefix) that was searched. */
    readonly location: string,
    reason: string,
  ) {
    super(
      `The TensorFlow.js WASM binaries were not found at ${location}: ${reason}. ` +
        'Install @tensorflow/tfjs-backend-wasm@4.22.0 next to @mnist-wasm/backend, or pass ' +
        "`wasmPaths` to initWasmBackend() (a folder/URL prefix ending in '/' or a map of file names).",
    );
  }
}

/** `requireSimd: true` was asked for but this runtime's WebAssembly has no SIMD. */
export class SimdUnsupportedError extends WasmBackendError {
  constructor() {
    super(
      'This runtime has no WebAssembly SIMD support, and initWasmBackend() was called with ' +
        '`requireSimd: true`. Use Node >= 16.4 or a current browser, or drop `requireSimd` to ' +
        'accept the slower non-SIMD binary.',
    );
  }
}

/** TensorFlow.js could not start the WASM backend (binary failed to load or to compile). */
export class WasmBackendInitError extends WasmBackendError {
  constructor(
    /** Where the binaries were expected: a folder, URL prefix, or file map, as given. */
    readonly wasmPaths: string,
    cause?: unknown,
  ) {
    super(
      `TensorFlow.js could not initialize the 'wasm' backend with the binaries from ${wasmPaths}` +
        `${cause instanceof Error ? ` (${cause.message})` : ''}. Check that the .wasm files are ` +
        'served at that location (browser bundles must copy them from ' +
        '@tensorflow/tfjs-backend-wasm/dist) and pass their location as `wasmPaths`.',
    );
    if (cause !== undefined) this.cause = cause;
  }
}

/** An option passed to initWasmBackend() has an invalid value. */
export class WasmBackendOptionError extends WasmBackendError {
  constructor(option: string, value: unknown, expected: string) {
    super(
      `initWasmBackend(): option \`${option}\` is ${JSON.stringify(value)}; expected ${expected}.`,
    );
  }
}
