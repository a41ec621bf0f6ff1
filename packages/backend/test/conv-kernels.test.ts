import { prng } from '@mnist-wasm/test-utils';
// The reference gradients come from the tape, which needs tfjs-core's gradients registered.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conv2dBackward,
  conv2dForward,
  convKernelsUseSimd,
  initWasmBackend,
  maxPoolForward,
} from '../src/index';
import { expectNoLeak, relativeError, seededValues } from './helpers';

// The Conv2D training kernels against tfjs-backend-cpu: their results, gradients, memory and
// finite checks; the SIMD loops against the plain ones are in conv-simd-loops.test.ts, the
// operand errors in conv-kernel-errors.test.ts.
type Shape4 = [number, number, number, number];

interface Layer {
  x: tf.Tensor4D;
  filter: tf.Tensor4D;
  bias?: tf.Tensor1D;
  activation: 'relu' | 'linear';
  padding: 'valid' | 'same';
}

/** A seeded layer; its x is 60% zeros, like MNIST's pixels. */
function makeLayer(
  seed: number,
  xShape: Shape4,
  filterShape: Shape4,
  variant: { activation: 'relu' | 'linear'; padding: 'valid' | 'same'; bias: boolean },
): Layer {
  const random = prng(seed);
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  return {
    x: tf.tensor4d(seededValues(random, size(xShape), 0.6), xShape),
    filter: tf.tensor4d(seededValues(random, size(filterShape)), filterShape),
    bias: variant.bias ? tf.tensor1d(seededValues(random, filterShape[3])) : undefined,
    activation: variant.activation,
    padding: variant.padding,
  };
}

/** The layer's forward pass in stock TF.js ops, the reference. */
function referenceForward({ x, filter, bias, activation, padding }: Layer): tf.Tensor4D {
  let y: tf.Tensor4D = tf.conv2d(x, filter, 1, padding);
  if (bias) y = tf.add(y, bias);
  return activation === 'relu' ? tf.relu(y) : y;
}

/** `fn` run on tfjs-backend-cpu, its results moved back to 'wasm' as new tensors. */
function onCpu(fn: () => tf.Tensor[]): tf.Tensor[] {
  tf.setBackend('cpu');
  try {
    return tf.tidy(fn).map((t) => {
      const copy = { values: t.dataSync().slice(), shape: t.shape };
      t.dispose();
      return copy;
    }) as unknown as tf.Tensor[];
  } finally {
    tf.setBackend('wasm');
  }
}

/** Tensors on 'wasm' from what {@link onCpu} returned. */
function fromCpu(results: tf.Tensor[]): tf.Tensor[] {
  return (results as unknown as Array<{ values: Float32Array; shape: number[] }>).map(
    ({ values: v, shape }) => tf.tensor(v, shape),
  );
}

/** A copy of `layer` on the active backend, from plain arrays. */
function copyLayer(layer: Layer): Layer {
  const copy = <T extends tf.Tensor>(t: T) => tf.tensor(t.dataSync().slice(), t.shape) as T;
  return {
    ...layer,
    x: copy(layer.x),
    filter: copy(layer.filter),
    bias: layer.bias ? copy(layer.bias) : undefined,
  };
}

// MNIST's two layers (conv1 with one channel, conv2 with eight), odd sizes, f not a multiple of 4,
// and f above the SIMD blocks (16 + 4 + 1).
const SHAPES: Array<{ name: string; x: Shape4; filter: Shape4 }> = [
  { name: 'conv1', x: [32, 28, 28, 1], filter: [5, 5, 1, 8] },
  { name: 'conv2', x: [32, 12, 12, 8], filter: [5, 5, 8, 16] },
  { name: 'odd', x: [3, 7, 9, 3], filter: [3, 2, 3, 5] },
  { name: 'wide f', x: [2, 6, 5, 2], filter: [2, 3, 2, 21] },
  { name: '1x1', x: [2, 4, 3, 6], filter: [1, 1, 6, 7] },
  { name: 'single', x: [1, 1, 1, 1], filter: [1, 1, 1, 1] },
];
const VARIANTS = [
  { activation: 'relu', bias: true, padding: 'valid' },
  { activation: 'relu', bias: false, padding: 'same' },
  { activation: 'linear', bias: true, padding: 'same' },
  { activation: 'linear', bias: false, padding: 'valid' },
] as const;
const CASES = SHAPES.flatMap((shape) => VARIANTS.map((variant) => ({ ...shape, ...variant })));

describe('conv2dForward and conv2dBackward (the Conv2D training kernels)', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  it('run as WebAssembly SIMD in Node', () => {
    expect(convKernelsUseSimd()).toBe(true);
  });

  it.each(CASES)(
    'forward of $name ($activation, bias $bias, $padding) matches tfjs-backend-cpu conv2d + add + relu to 1e-5',
    (testCase) => {
      tf.tidy(() => {
        const layer = makeLayer(21, testCase.x, testCase.filter, testCase);
        const [expected] = fromCpu(onCpu(() => [referenceForward(copyLayer(layer))]));
        const { output, finiteCheck } = conv2dForward(layer.x, layer.filter, layer);
        expect(relativeError(output, expected!)).toBeLessThan(1e-5);
        expect(finiteCheck.shape).toEqual([]);
        expect(finiteCheck.dataSync()[0]).toBe(0);
        if (testCase.activation === 'relu' && output.size > 8) {
          expect(output.dataSync().some((v) => v > 0)).toBe(true);
        }
      });
    },
  );

  it.each(CASES)(
    'backward of $name ($activation, bias $bias, $padding) matches tfjs-backend-cpu tf.grads to 1e-5',
    (testCase) => {
      tf.tidy(() => {
        const layer = makeLayer(22, testCase.x, testCase.filter, testCase);
        const { output } = conv2dForward(layer.x, layer.filter, layer);
        // After a max-pool's gradient three in four values of dOutput are zero; here also whole
        // rows, every third.
        const random = prng(23);
        const [n, oh, ow, f] = output.shape;
        const dyValues = seededValues(random, n * oh * ow * f, 0.75);
        for (let row = 0; row < n * oh * ow; row += 3) dyValues.fill(0, row * f, (row + 1) * f);
        const dy = tf.tensor4d(dyValues, output.shape);
        const grads = conv2dBackward(layer.x, layer.filter, output, dy, {
          ...layer,
          bias: layer.bias !== undefined,
          inputGradient: true,
        });
        // The tape's gradients of sum(forward · dy) with respect to x, filter and bias, on cpu.
        const expected = fromCpu(
          onCpu(() => {
            const cpu = copyLayer(layer);
            const cpuDy = tf.tensor4d(dyValues, output.shape);
            const differentiated = [cpu.x, cpu.filter, ...(cpu.bias ? [cpu.bias] : [])];
            return tf.grads((x: tf.Tensor, filter: tf.Tensor, bias?: tf.Tensor) =>
              tf.sum(
                tf.mul(
                  referenceForward({
                    ...cpu,
                    x: x as tf.Tensor4D,
                    filter: filter as tf.Tensor4D,
                    bias: bias as tf.Tensor1D | undefined,
                  }),
                  cpuDy,
                ),
              ),
            )(differentiated);
          }),
        );
        expect(relativeError(grads.dx!, expected[0]!)).toBeLessThan(1e-5);
        expect(relativeError(grads.dFilter, expected[1]!)).toBeLessThan(1e-5);
        if (layer.bias) expect(relativeError(grads.dBias!, expected[2]!)).toBeLessThan(1e-5);
        else expect(grads.dBias).toBeUndefined();
        expect(grads.finiteCheck.dataSync()[0]).toBe(0);
        // Without the input gradient (a first layer, e.g. conv1 on its own route).
        const first = conv2dBackward(layer.x, layer.filter, output, dy, {
          ...layer,
          bias: layer.bias !== undefined,
        });
        expect(first.dx).toBeUndefined();
        expect(relativeError(first.dFilter, expected[1]!)).toBeLessThan(1e-5);
        if (layer.bias) expect(relativeError(first.dBias!, expected[2]!)).toBeLessThan(1e-5);
        expect(first.finiteCheck.dataSync()[0]).toBe(0);
      });
    },
  );

  it('returns only the gradients asked for, and leaves no tensor or buffer behind', () => {
    const layer = makeLayer(24, [2, 6, 6, 3], [3, 3, 3, 5], {
      activation: 'relu',
      bias: true,
      padding: 'valid',
    });
    const dy = tf.tensor4d(seededValues(prng(25), 2 * 4 * 4 * 5), [2, 4, 4, 5]);
    expectNoLeak(() => {
      const { output, finiteCheck } = conv2dForward(layer.x, layer.filter, layer);
      const grads = conv2dBackward(layer.x, layer.filter, output, dy, { activation: 'relu' });
      expect(grads.dBias).toBeUndefined();
      expect(grads.dx).toBeUndefined();
      expect(grads.dFilter.shape).toEqual([3, 3, 3, 5]);
      expect(grads.finiteCheck.dataSync()[0]).toBe(0);
      const all = conv2dBackward(layer.x, layer.filter, output, dy, {
        activation: 'relu',
        bias: true,
        inputGradient: true,
      });
      expect(all.dBias!.shape).toEqual([5]);
      expect(all.dx!.shape).toEqual([2, 6, 6, 3]);
      tf.dispose([output, finiteCheck, grads.dFilter, grads.finiteCheck]);
      tf.dispose([all.dFilter, all.dBias!, all.dx!, all.finiteCheck]);
    });
    tf.dispose([layer.x, layer.filter, layer.bias!, dy]);
  });

  it('with a pool, also gives what maxPoolForward gives on its output, in one kernel call', () => {
    const layer = makeLayer(26, [2, 9, 9, 3], [3, 3, 3, 4], {
      activation: 'relu',
      bias: true,
      padding: 'valid',
    });
    for (const pool of [
      { size: 2, stride: 2 },
      { size: 3, stride: 2 },
    ]) {
      expectNoLeak(() => {
        const plain = conv2dForward(layer.x, layer.filter, layer);
        const pooled = maxPoolForward(plain.output, pool);
        const fused = conv2dForward(layer.x, layer.filter, { ...layer, pool });
        expect(fused.output.dataSync()).toEqual(plain.output.dataSync());
        expect(fused.finiteCheck.dataSync()[0]).toBe(0);
        expect(fused.pool!.output.shape).toEqual(pooled.output.shape);
        expect(fused.pool!.output.dataSync()).toEqual(pooled.output.dataSync());
        expect(fused.pool!.argmax.dtype).toBe('int32');
        expect(fused.pool!.argmax.dataSync()).toEqual(pooled.argmax.dataSync());
        expect(plain.pool).toBeNull();
        tf.dispose([plain.output, plain.finiteCheck, pooled.output, pooled.argmax]);
        tf.dispose([fused.output, fused.finiteCheck, fused.pool!.output, fused.pool!.argmax]);
      });
    }
    tf.dispose([layer.x, layer.filter, layer.bias!]);
  });

  it('handles empty tensors: no filters, no examples, no channels', () => {
    tf.tidy(() => {
      const x = tf.ones([2, 3, 3, 1]);
      const none = conv2dForward(x, tf.ones([2, 2, 1, 0]), { bias: tf.zeros([0]) });
      expect(none.output.shape).toEqual([2, 2, 2, 0]);
      expect(none.finiteCheck.dataSync()[0]).toBe(0);
      const grads = conv2dBackward(x, tf.ones([2, 2, 1, 0]), none.output, none.output, {
        bias: true,
        inputGradient: true,
      });
      expect(grads.dFilter.shape).toEqual([2, 2, 1, 0]);
      expect(Array.from(grads.dx!.dataSync())).toEqual(new Array(18).fill(0));
      const empty = conv2dForward(tf.ones([0, 3, 3, 1]), tf.ones([2, 2, 1, 4]));
      expect(empty.output.shape).toEqual([0, 2, 2, 4]);
      const bias = tf.tensor1d([1, -1]);
      const noChannels = conv2dForward(tf.ones([1, 2, 2, 0]), tf.ones([1, 1, 0, 2]), {
        bias,
        activation: 'relu',
      });
      expect(Array.from(noChannels.output.dataSync())).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    });
  });

  it('reports a non-finite pre-activation that ReLU hides from the output', () => {
    tf.tidy(() => {
      const x = tf.ones([1, 2, 2, 1]);
      const filter = tf.tensor4d([-Infinity, 1], [1, 1, 1, 2]);
      const { output, finiteCheck } = conv2dForward(x, filter, { activation: 'relu' });
      expect(Array.from(output.dataSync())).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
      expect(finiteCheck.dataSync()[0]).toBeNaN();
    });
  });

  it('reports a non-finite filter or bias gradient', () => {
    tf.tidy(() => {
      const x = tf.ones([1, 2, 2, 1]);
      const filter = tf.ones([1, 1, 1, 1]);
      const { output } = conv2dForward(x, filter);
      const finite = conv2dBackward(x, filter, output, tf.onesLike(output), { bias: true });
      expect(finite.finiteCheck.dataSync()[0]).toBe(0);
      expect(Array.from(finite.dFilter.dataSync())).toEqual([4]);
      expect(Array.from(finite.dBias!.dataSync())).toEqual([4]);
      const dy = tf.tensor4d([Infinity, 0, 0, 0], [1, 2, 2, 1]);
      const overflowing = conv2dBackward(x, filter, output, dy, { bias: true });
      expect(overflowing.finiteCheck.dataSync()[0]).toBeNaN();
    });
  });
});
