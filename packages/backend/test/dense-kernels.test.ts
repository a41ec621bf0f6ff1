import { prng } from '@mnist-wasm/test-utils';
// The reference gradients come from the tape, which needs tfjs-core's gradients registered.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DenseBackward,
  DenseOperandError,
  denseBackward,
  denseForward,
  initWasmBackend,
  KernelNotRegisteredError,
  registerDenseKernels,
} from '../src/index';
import { plainDenseLoops } from '../src/kernels/dense-loops';
import { denseSimdLoopsFor } from '../src/kernels/dense-simd-loops';
import { expectNoLeak, relativeError } from './helpers';

/** A seeded float32 `[rows, cols]` tensor with about `zeros` of its values exactly 0. */
function matrix(random: () => number, rows: number, cols: number, zeros = 0): tf.Tensor2D {
  const values = Float32Array.from({ length: rows * cols }, () =>
    random() < zeros ? 0 : random() * 2 - 1,
  );
  return tf.tensor2d(values, [rows, cols]);
}

/** A dropout mask of rate 0.25: 0 or 1 / 0.75. */
function dropoutMask(random: () => number, rows: number, cols: number): tf.Tensor2D {
  const values = Float32Array.from({ length: rows * cols }, () => (random() < 0.25 ? 0 : 1 / 0.75));
  return tf.tensor2d(values, [rows, cols]);
}

interface Layer {
  x: tf.Tensor2D;
  kernel: tf.Tensor2D;
  bias?: tf.Tensor1D;
  mask?: tf.Tensor2D;
  activation: 'relu' | 'linear';
}

/** The layer's forward pass in stock TF.js ops, the reference. */
function referenceForward({ x, kernel, bias, mask, activation }: Layer): tf.Tensor {
  let y: tf.Tensor = tf.matMul(x, kernel);
  if (bias) y = tf.add(y, bias);
  if (activation === 'relu') y = tf.relu(y);
  return mask ? tf.mul(y, mask) : y;
}

// Shapes around the SIMD width (n mod 4 = 0..3), a single row or column, and MNIST's first layer.
const SHAPES: Array<[rows: number, k: number, n: number]> = [
  [1, 1, 1],
  [3, 6, 39],
  [3, 5, 7],
  [4, 9, 16],
  [7, 13, 10],
  [5, 2, 130],
  [32, 784, 128],
];
const VARIANTS = [
  { activation: 'relu', bias: true, mask: true },
  { activation: 'relu', bias: false, mask: false },
  { activation: 'linear', bias: true, mask: false },
  { activation: 'linear', bias: false, mask: true },
] as const;
const CASES = SHAPES.flatMap((shape) => VARIANTS.map((variant) => ({ shape, ...variant })));

/** A seeded layer of `shape` for `variant`; its x is 60% zeros, like MNIST's pixels. */
function makeLayer(
  seed: number,
  [rows, k, n]: [number, number, number],
  variant: (typeof VARIANTS)[number],
): Layer {
  const random = prng(seed);
  return {
    x: matrix(random, rows, k, 0.6),
    kernel: matrix(random, k, n),
    bias: variant.bias
      ? tf.tensor1d(Float32Array.from({ length: n }, () => random() - 0.5))
      : undefined,
    mask: variant.mask ? dropoutMask(random, rows, n) : undefined,
    activation: variant.activation,
  };
}

describe('denseForward and denseBackward (the Dense training kernels)', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it.each(CASES)(
    'forward of $shape ($activation, bias $bias, mask $mask) matches matMul + add + relu + mul to 1e-5',
    (testCase) => {
      tf.tidy(() => {
        const layer = makeLayer(11, testCase.shape, testCase);
        const { output, finiteCheck } = denseForward(layer.x, layer.kernel, layer);
        expect(relativeError(output, referenceForward(layer))).toBeLessThan(1e-5);
        expect(finiteCheck.shape).toEqual([]);
        expect(finiteCheck.dataSync()[0]).toBe(0);
      });
    },
  );

  it.each(CASES)(
    'backward of $shape ($activation, bias $bias, mask $mask) matches tf.grads to 1e-5',
    (testCase) => {
      tf.tidy(() => {
        const layer = makeLayer(12, testCase.shape, testCase);
        const [rows, , n] = testCase.shape;
        const dy = matrix(prng(13), rows, n);
        const { output } = denseForward(layer.x, layer.kernel, layer);
        const grads = denseBackward(dy, {
          ...layer,
          output,
          bias: layer.bias !== undefined,
          inputGradient: true,
        });
        // The tape's gradients of sum(forward · dy) with respect to x, kernel and bias.
        const differentiated = [layer.x, layer.kernel, ...(layer.bias ? [layer.bias] : [])];
        const expected = tf.grads((x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor) =>
          tf.sum(
            tf.mul(
              referenceForward({
                ...layer,
                x: x as tf.Tensor2D,
                kernel: kernel as tf.Tensor2D,
                bias: bias as tf.Tensor1D | undefined,
              }),
              dy,
            ),
          ),
        )(differentiated);
        expect(relativeError(grads.input!, expected[0]!)).toBeLessThan(1e-5);
        expect(relativeError(grads.kernel, expected[1]!)).toBeLessThan(1e-5);
        if (layer.bias) expect(relativeError(grads.bias!, expected[2]!)).toBeLessThan(1e-5);
        else expect(grads.bias).toBeNull();
      });
    },
  );

  it('returns only the gradients asked for, and leaves no tensor or buffer behind', () => {
    const layer = makeLayer(14, [6, 10, 5], VARIANTS[0]);
    const dy = matrix(prng(15), 6, 5);
    expectNoLeak(() => {
      const { output, finiteCheck } = denseForward(layer.x, layer.kernel, layer);
      const grads = denseBackward(dy, { ...layer, output, bias: false, inputGradient: false });
      expect(grads.bias).toBeNull();
      expect(grads.input).toBeNull();
      expect(grads.kernel.shape).toEqual([10, 5]);
      expect(grads.finiteCheck.dataSync()[0]).toBe(0);
      tf.dispose([output, finiteCheck, grads.kernel, grads.finiteCheck]);
    });
    tf.dispose([layer.x, layer.kernel, layer.bias!, layer.mask!, dy]);
  });

  it('reports a non-finite pre-activation that ReLU hides from the output', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 1]]);
      const kernel = tf.tensor2d([
        [-Infinity, 1],
        [0, 1],
      ]);
      const { output, finiteCheck } = denseForward(x, kernel, { activation: 'relu' });
      expect(Array.from(output.dataSync())).toEqual([0, 2]);
      expect(finiteCheck.dataSync()[0]).toBeNaN();
    });
  });

  it('reports a non-finite kernel or bias gradient', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 0]]);
      const kernel = tf.tensor2d([[1], [1]]);
      const finite = denseBackward(tf.tensor2d([[2]]), { x, kernel, bias: true });
      expect(finite.finiteCheck.dataSync()[0]).toBe(0);
      const overflowing = denseBackward(tf.tensor2d([[Infinity]]), { x, kernel, bias: true });
      expect(overflowing.finiteCheck.dataSync()[0]).toBeNaN();
    });
  });

  it('the SIMD loops and the plain JavaScript loops agree to the bit', () => {
    const memory = new WebAssembly.Memory({ initial: 8 });
    const simd = denseSimdLoopsFor(memory)!;
    expect(simd).not.toBeNull();
    const plain = plainDenseLoops(() => new Float32Array(memory.buffer));
    const random = prng(16);
    const [rows, k, n] = [9, 37, 43];
    // Operands and outputs at byte offsets in one heap, each in a region of its own.
    const heap = new Float32Array(memory.buffer);
    let free = 64;
    const region = (floats: number) => {
      const at = free;
      free += floats + 64;
      return at;
    };
    const fill = (floats: number, zeros = 0) => {
      const at = region(floats);
      for (let i = 0; i < floats; i++) heap[at + i] = random() < zeros ? 0 : random() * 2 - 1;
      return at * 4;
    };
    const x = fill(rows * k, 0.5);
    const w = fill(k * n);
    const b = fill(n);
    const dy = fill(rows * n);
    const mask = fill(rows * n);
    const outputs = () => ({
      y: region(rows * n) * 4,
      dz: region(rows * n) * 4,
      dw: region(k * n) * 4,
      db: region(n) * 4,
      dx: region(rows * k) * 4,
      list: region(2 * Math.max(rows, n, k)) * 4,
      wt: region(k * n) * 4,
    });
    const results = [simd, plain].map((loops) => {
      const o = outputs();
      let check = loops.forward(x, rows, k, w, n, b, o.y, o.list);
      loops.activate(o.y, rows * n, 1, mask);
      loops.gate(dy, o.y, mask, rows * n, 1, o.dz);
      check += loops.kernelGradient(x, rows, k, o.dz, n, o.dw, o.list);
      check += loops.columnSums(o.dz, rows, n, o.db);
      loops.inputGradient(o.dz, rows, n, w, k, o.dx, o.wt, o.list);
      const read = (at: number, count: number) => Array.from(heap.subarray(at / 4, at / 4 + count));
      return {
        check,
        y: read(o.y, rows * n),
        dw: read(o.dw, k * n),
        db: read(o.db, n),
        dx: read(o.dx, rows * k),
      };
    });
    expect(results[0]!.check).toBe(0);
    expect(results[0]).toEqual(results[1]);
    expect(results[0]!.y.some((value) => value > 0)).toBe(true);
  });

  it('names the operand that does not fit', () => {
    tf.tidy(() => {
      const x = tf.zeros([2, 3]);
      expect(() => denseForward(x, tf.zeros([4, 5]))).toThrow(DenseOperandError);
      expect(() => denseForward(x, tf.zeros([4, 5]))).toThrow(
        'denseForward: kernel is float32 [4,5]; expected float32 [3, *]',
      );
      expect(() => denseForward(x, tf.zeros([3, 5]), { bias: tf.zeros([4]) })).toThrow(
        'denseForward: bias is float32 [4]; expected float32 [5]',
      );
      expect(() =>
        denseBackward(tf.zeros([2, 5]), { x, kernel: tf.zeros([3, 5]), activation: 'relu' }),
      ).toThrow("denseBackward: output is missing; with activation 'relu'");
      expect(() => denseForward(tf.zeros([2, 3], 'int32'), tf.zeros([3, 5]))).toThrow(
        'denseForward: x is int32 [2,3]; expected float32 [*, *]',
      );
    });
  });

  it('throws KernelNotRegisteredError without the kernel', () => {
    tf.unregisterKernel(DenseBackward, 'wasm');
    try {
      tf.tidy(() => {
        const call = () =>
          denseBackward(tf.zeros([1, 1]), { x: tf.zeros([1, 1]), kernel: tf.zeros([1, 1]) });
        expect(call).toThrow(KernelNotRegisteredError);
        expect(call).toThrow(
          "denseBackward: the 'wasm' backend has no DenseBackward kernel; it runs on 'wasm' only: call initWasmBackend() first.",
        );
      });
    } finally {
      registerDenseKernels();
    }
  });
});
