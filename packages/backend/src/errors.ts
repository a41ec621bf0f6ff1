import { NamedError, optionErrorClass } from '@mnist-wasm/errors';

/**
 * Base class of every error thrown by `@mnist-wasm/backend`, so callers can catch them all with one
 * `instanceof` check.
 */
export class BackendError extends NamedError {}

/**
 * An option of a function of this package (e.g. `threads` of initWasmBackend()) has a value it
 * cannot use: `caller`, `option`, `value` and `allowed` say which and what to give instead.
 */
export class BackendOptionError extends optionErrorClass(BackendError) {}

/** The `.wasm` binaries of `@tensorflow/tfjs-backend-wasm` were not found where they were looked for. */
export class WasmFilesNotFoundError extends BackendError {
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
export class SimdUnsupportedError extends BackendError {
  constructor() {
    super(
      'This runtime has no WebAssembly SIMD support, and initWasmBackend() was called with ' +
        '`requireSimd: true`. Use Node >= 16.4 or a current browser, or drop `requireSimd` to ' +
        'accept the slower non-SIMD binary.',
    );
  }
}

/** TensorFlow.js could not start the WASM backend (binary failed to load or to compile). */
export class BackendInitError extends BackendError {
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
      { cause },
    );
  }
}

/**
 * A kernel this package needs is not registered on the backend where it is needed: adamUpdate()
 * ran while the active backend has no `AdamUpdate` kernel (it is not 'wasm', or the kernel was not
 * registered), or registerKernelFixes() found no stock 'wasm' kernel to wrap
 * (`@tensorflow/tfjs-backend-wasm` not imported).
 */
export class KernelNotRegisteredError extends BackendError {
  constructor(
    /** The function that needed the kernel, e.g. `'adamUpdate'`. */
    readonly caller: string,
    /** The kernel's name, e.g. `'AdamUpdate'`. */
    readonly kernelName: string,
    /** The backend that lacks it, e.g. `'cpu'`. */
    readonly backendName: string,
    /** What to do about it, e.g. `'call initWasmBackend() first'`. */
    remedy: string,
  ) {
    super(`${caller}: the '${backendName}' backend has no ${kernelName} kernel; ${remedy}.`);
  }
}

/** A slot given to adamUpdate() holds a tensor that is not float32 of its weights' shape. */
export class SlotMismatchError extends BackendError {
  constructor(
    /** Index of the slot in the `slots` argument. */
    readonly slot: number,
    /** The slot's tensor at fault, e.g. `'firstMoments'`. */
    readonly tensor: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An operand given to denseForward() or denseBackward() is not float32 or does not fit the others'
 * shapes (e.g. a kernel whose rows are not x's columns).
 */
export class DenseOperandError extends BackendError {
  constructor(
    /** The function, e.g. `'denseForward'`. */
    readonly caller: string,
    /** The operand at fault, e.g. `'kernel'`. */
    readonly operand: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An operand given to maxPoolForward() or maxPoolBackward() does not have the dtype or the shape
 * the others imply (e.g. an argmax whose shape is not dOutput's); the message names both shapes.
 */
export class PoolOperandError extends BackendError {
  constructor(
    /** The function, e.g. `'maxPoolBackward'`. */
    readonly caller: string,
    /** The operand at fault, e.g. `'argmax'`. */
    readonly operand: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An operand given to conv2dForward() or conv2dBackward() is not float32 or does not fit the
 * others' shapes (e.g. a filter whose input channels are not x's channels). The message names both
 * shapes.
 */
export class ConvOperandError extends BackendError {
  constructor(
    /** The function, e.g. `'conv2dForward'`. */
    readonly caller: string,
    /** The operand at fault, e.g. `'filter'`. */
    readonly operand: string,
    message: string,
  ) {
    super(message);
  }
}
