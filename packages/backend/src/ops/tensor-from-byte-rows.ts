import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { BackendOptionError } from '../errors';
import { bytesToFloatsFor } from '../kernels/byte-rows-loop';
import { heapOffset } from '../kernels/kernel-utils';

/** Options of {@link tensorFromByteRows}. */
export interface TensorFromByteRowsOptions {
  /** The tensor's shape; default `[rows.length, rowLength]`. It must hold as many values. */
  shape?: number[];
  /** What every byte is divided by; default 255 (pixels to [0, 1]). A number > 0. */
  divisor?: number;
}

/**
 * A float32 tensor of some rows of a byte array, each value divided by `divisor`: the batch of
 * uint8 images `x[rows] / 255.0` as a tensor, for a training step or an evaluation. On 'wasm' the
 * rows are copied into the backend's heap as bytes (one memcpy each) and turned into floats there
 * by a WebAssembly SIMD loop (`src/wat/byte-rows.wat`), sixteen at a time; elsewhere, and where
 * the SIMD module cannot run, a JavaScript loop makes the floats first. Either way each value is
 * `byte / float32(divisor)` rounded once to float32, the same bits: for 255 (a float32), the
 * notebook's `x / 255.0` exactly.
 *
 * @param bytes - Rows of `rowLength` bytes each, back to back (e.g. MNIST's images, 784 each).
 * @param rows - Indices of the rows to take, in the tensor's order; each in `[0, bytes.length / rowLength)`.
 * @param rowLength - Bytes per row, a positive integer.
 * @param options - `shape` (default `[rows.length, rowLength]`) and `divisor` (default 255).
 * @returns A new float32 tensor, owned by the caller.
 * @throws BackendOptionError naming the argument: a `rowLength` that is not a positive integer, a
 *   row index outside the rows, a `shape` of another size, or a `divisor` that is not a number > 0.
 *
 * @example
 * ```ts
 * const pixels = new Uint8Array([0, 255, 51, 102]); // two rows of two
 * tensorFromByteRows(pixels, [1, 0], 2).print(); // [[0.2, 0.4], [0, 1]]
 * ```
 */
export function tensorFromByteRows(
  bytes: Uint8Array,
  rows: ArrayLike<number>,
  rowLength: number,
  options: TensorFromByteRowsOptions = {},
): tf.Tensor {
  const caller = 'tensorFromByteRows';
  const { divisor = 255 } = options;
  if (!(Number.isInteger(rowLength) && rowLength > 0)) {
    throw new BackendOptionError(caller, 'rowLength', rowLength, 'a positive integer');
  }
  const available = Math.floor(bytes.length / rowLength);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!(Number.isInteger(row) && row >= 0 && row < available)) {
      throw new BackendOptionError(
        caller,
        `rows[${i}]`,
        row,
        `a whole number from 0 to ${available - 1} (the bytes hold ${available} rows of ${rowLength})`,
      );
    }
  }
  const count = rows.length * rowLength;
  const shape = options.shape ?? [rows.length, rowLength];
  if (tf.util.sizeFromShape(shape) !== count) {
    throw new BackendOptionError(
      caller,
      'shape',
      shape,
      `a shape of ${count} values (${rows.length} x ${rowLength})`,
    );
  }
  if (!(typeof divisor === 'number' && Number.isFinite(divisor) && divisor > 0)) {
    throw new BackendOptionError(caller, 'divisor', divisor, 'a finite number > 0');
  }
  const backend = tf.getBackend() === 'wasm' ? (tf.backend() as BackendWasm) : null;
  const memory = (backend?.wasm as unknown as { asm?: { memory?: WebAssembly.Memory } })?.asm
    ?.memory;
  const bytesToFloats = bytesToFloatsFor(memory);
  if (backend === null || bytesToFloats === null) {
    // The SIMD loop's twin: it divides by the divisor as a float32, and one division of float32
    // operands rounded to float64 and then to float32 is the float32 division.
    const divisor32 = Math.fround(divisor);
    const values = new Float32Array(count);
    for (let r = 0; r < rows.length; r++) {
      const start = rows[r]! * rowLength;
      for (let i = 0; i < rowLength; i++) values[r * rowLength + i] = bytes[start + i]! / divisor32;
    }
    return tf.tensor(values, shape, 'float32');
  }
  const out = backend.makeOutput(shape, 'float32');
  const staging = backend.makeOutput([Math.ceil(count / 4)], 'float32');
  const heap = new Uint8Array(memory!.buffer);
  const at = heapOffset(backend, staging);
  for (let r = 0; r < rows.length; r++) {
    const start = rows[r]! * rowLength;
    heap.set(bytes.subarray(start, start + rowLength), at + r * rowLength);
  }
  bytesToFloats(at, count, divisor, heapOffset(backend, out));
  backend.disposeData(staging.dataId);
  return tf.engine().makeTensorFromTensorInfo(out);
}
