import { initWasmBackend, useSimdModules } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GradientExchange } from '../src/parallel/gradient-exchange';
import { SummedGradients, sumSlots } from '../src/parallel/summed-gradients';

beforeAll(async () => {
  await initWasmBackend();
});

afterEach(() => {
  useSimdModules(true);
});

/** Gradients that span magnitudes, with zeros and subnormal-making values among them. */
function fillSlots(exchange: GradientExchange, step: number, threads: number): void {
  const { parameters } = exchange.buffers;
  for (let t = 0; t < threads; t++) {
    const slot = exchange.slot(step, t);
    for (let i = 0; i < parameters; i++) {
      slot[i] = i % 11 === 0 ? 0 : Math.sin(i * 1.7 + t * 3.1 + step) * 10 ** ((i % 9) - 40);
    }
  }
}

/** The slots of `step` added in thread order, one float32 rounding per addition. */
function plainSum(exchange: GradientExchange, step: number, threads: number): Float32Array {
  const sum = new Float32Array(exchange.slot(step, 0));
  for (let t = 1; t < threads; t++) {
    const slot = exchange.slot(step, t);
    for (let i = 0; i < sum.length; i++) sum[i] = Math.fround(sum[i]! + slot[i]!);
  }
  return sum;
}

function bits(values: Float32Array | tf.Tensor): number[] {
  const floats = values instanceof Float32Array ? values : (values.dataSync() as Float32Array);
  return Array.from(
    new Uint32Array(floats.buffer.slice(floats.byteOffset, floats.byteOffset + floats.byteLength)),
  );
}

describe('SummedGradients', () => {
  for (const simd of [true, false]) {
    it(`gives every thread the slots' plain sum, to the bit, per variable (${simd ? 'SIMD' : 'JavaScript'} loop)`, () => {
      useSimdModules(simd);
      // Sizes that are not multiples of 4: the slots are padded, the tensors are not.
      const shapes = [[7, 3], [5], [2, 2, 3], [1]];
      const variables = shapes.map((shape) => tf.variable(tf.zeros(shape)));
      const parameters = variables.reduce((sum, v) => sum + v.size, 0);
      const before = tf.memory().numTensors;
      try {
        for (const threads of [1, 2, 3, 4]) {
          const exchange = GradientExchange.allocate(threads, parameters, 8);
          for (const step of [1, 2]) {
            fillSlots(exchange, step, threads);
            const expected = plainSum(exchange, step, threads);
            for (let thread = 0; thread < threads; thread++) {
              const summed = new SummedGradients(exchange, variables, thread);
              const gradients = summed.of(step, threads);
              let offset = 0;
              for (const variable of variables) {
                const tensor = gradients[variable.name]!;
                expect(tensor.shape).toEqual(variable.shape);
                expect(bits(tensor)).toEqual(
                  bits(expected.subarray(offset, offset + variable.size)),
                );
                offset += variable.size;
              }
              summed.dispose();
            }
          }
        }
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        tf.dispose(variables);
      }
    });
  }

  it('adds only the threads that had rows', () => {
    const variable = tf.variable(tf.zeros([6]));
    try {
      const exchange = GradientExchange.allocate(3, 6, 2);
      fillSlots(exchange, 1, 3);
      const summed = new SummedGradients(exchange, [variable], 1);
      const gradients = summed.of(1, 2);
      expect(bits(gradients[variable.name]!)).toEqual(bits(plainSum(exchange, 1, 2)));
      summed.dispose();
    } finally {
      variable.dispose();
    }
  });
});

describe('sumSlots', () => {
  it('rounds each partial sum to float32, as adding float32 lanes does', () => {
    // 1 + 2^-24 rounds to 1 in float32; added twice in float64 first it would reach 1 + 2^-23.
    const slots = Float32Array.from([1, 0, 2 ** -24, 0, 2 ** -24, 0]);
    const out = new Float32Array(2);
    sumSlots(slots, 0, 2, 3, out);
    expect(out[0]).toBe(1);
    expect(out[1]).toBe(0);
  });
});
