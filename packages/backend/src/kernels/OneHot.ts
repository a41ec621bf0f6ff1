import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelFunc, OneHotAttrs, OneHotInputs, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Wraps the stock wasm OneHot, which writes `onValue`/`offValue` as int32 bits whatever the
 * requested dtype: `tf.oneHot(i, n, 0.5, 0, 'float32')` gives 0, and `onValue` 2 gives 2.8e-45.
 * Losses that fold a `1 / n` into the one-hot (or any float one-hot) then read garbage. Int32
 * one-hots stay on the stock kernel; other dtypes are filled here, straight into the WASM heap.
 */
export function createOneHotFix(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { dtype, depth, onValue, offValue } = args.attrs as unknown as OneHotAttrs;
    if (dtype === 'int32') return stock(args);
    const backend = args.backend as BackendWasm;
    const { indices } = args.inputs as unknown as OneHotInputs & { indices: TensorInfo };
    const out = backend.makeOutput([...indices.shape, depth], dtype);
    const values = backend.typedArrayFromHeap(out);
    const classes = backend.typedArrayFromHeap(indices);
    values.fill(offValue);
    for (let row = 0; row < classes.length; row++) {
      const index = classes[row]!;
      // Like TF, an index outside [0, depth) gives a row of offValue.
      if (index >= 0 && index < depth) values[row * depth + index] = onValue;
    }
    return out;
  };
}
