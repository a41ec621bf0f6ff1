import { adamUpdate, initWasmBackend, useSimdModules } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GradientExchange } from '../src/parallel/gradient-exchange';
import { parameterShares } from '../src/parallel/parameter-shares';
import { SummedUpdate } from '../src/parallel/summed-update';

beforeAll(async () => {
  await initWasmBackend();
});

afterEach(() => {
  useSimdModules(true);
});

describe('parameterShares', () => {
  it('covers every value once, in order, splitting a variable only at a multiple of 4', () => {
    const sizes = [10, 3, 37, 1, 64];
    for (const threads of [1, 2, 3, 5, 8]) {
      const shares = parameterShares(sizes, threads);
      expect(shares).toHaveLength(threads);
      const pieces = shares.flat();
      let next = 0;
      for (const piece of pieces) {
        expect(piece.start).toBe(next);
        next = piece.end;
        // The variable the piece is in, and where its whole groups of 4 end.
        let first = 0;
        let v = 0;
        while (first + sizes[v]! <= piece.start) first += sizes[v++]!;
        const groupsEnd = first + (sizes[v]! & ~3);
        expect((piece.start - first) % 4 === 0 || piece.start >= groupsEnd).toBe(true);
        expect(piece.end).toBeLessThanOrEqual(first + sizes[v]!);
        expect(piece.groupsEnd).toBe(Math.min(piece.end, Math.max(piece.start, groupsEnd)));
      }
      expect(next).toBe(115);
    }
  });
});

/**
 * Weights, moments and per-thread gradients for variables of `shapes`, updated twice by
 * SummedUpdate on `threads` shares and by the AdamUpdate kernel on the slots summed in thread
 * order, as every thread used to: the weights and moments must agree to the bit.
 */
function compareWithKernel(shapes: number[][], threads: number): void {
  const variables = shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const start = tf.tensor(
      Float32Array.from({ length: size }, (_, i) => Math.cos(i * 0.37) * 0.1),
      shape,
    );
    const variable = tf.variable(start);
    start.dispose();
    return variable;
  });
  const sizes = variables.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const exchange = GradientExchange.allocate(threads, total, 4);
  const adam = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
  const updates = Array.from(
    { length: threads },
    (_, t) => new SummedUpdate(exchange, variables, t, adam, 0),
  );
  updates[0]!.writeStart();
  let weights: tf.Tensor[] = variables.map((v) => tf.clone(v));
  let first: tf.Tensor[] = variables.map((v) => tf.zerosLike(v));
  let second: tf.Tensor[] = variables.map((v) => tf.zerosLike(v));
  try {
    for (let step = 1; step <= 2; step++) {
      const summed = variables.map(() => [] as number[]);
      for (let t = 0; t < threads; t++) {
        const slot = exchange.slot(step, t);
        // Gradients that span magnitudes, zeros and subnormal-making values among them.
        for (let i = 0; i < total; i++)
          slot[i] = Math.sin(i * 1.7 + t * 3.1 + step) * 10 ** ((i % 9) - 6);
      }
      let offset = 0;
      variables.forEach((variable, i) => {
        const sum = new Float32Array(
          exchange.slot(step, 0).subarray(offset, offset + variable.size),
        );
        for (let t = 1; t < threads; t++) {
          const part = exchange.slot(step, t).subarray(offset, offset + variable.size);
          for (let k = 0; k < sum.length; k++) sum[k] = sum[k]! + part[k]!;
        }
        summed[i] = Array.from(sum);
        offset += variable.size;
      });
      for (const update of updates) update.update(step, threads);
      updates[0]!.load();
      const next = tf.tidy(() =>
        adamUpdate(
          variables.map((variable, i) => ({
            weights: weights[i]!,
            gradients: tf.tensor(summed[i]!, variable.shape),
            firstMoments: first[i]!,
            secondMoments: second[i]!,
          })),
          { ...adam, epsilonMode: 'keras', step },
        ).flatMap(({ weights: w, firstMoments: m, secondMoments: v }) => [w, m!, v!]),
      );
      tf.dispose([weights, first, second]);
      weights = next.filter((_, k) => k % 3 === 0);
      first = next.filter((_, k) => k % 3 === 1);
      second = next.filter((_, k) => k % 3 === 2);
      variables.forEach((variable, i) => {
        expect(bits(variable)).toEqual(bits(weights[i]!));
      });
    }
    const state = updates[0]!.optimizerState()!;
    expect(state[0]!.tensor.dataSync()[0]).toBe(2);
    variables.forEach((_, i) => {
      expect(bits(state[1 + 2 * i]!.tensor)).toEqual(bits(first[i]!));
      expect(bits(state[2 + 2 * i]!.tensor)).toEqual(bits(second[i]!));
    });
    tf.dispose(state.map(({ tensor }) => tensor));
    // Undo puts the weights from before the last update back.
    const before = exchange.weightsAfter(1).slice();
    expect(updates[0]!.undo()).toBe(true);
    const undone = tf.tidy(() => tf.concat(variables.map((v) => tf.reshape(v, [-1]))));
    expect(bits(undone)).toEqual(Array.from(new Uint32Array(before.buffer)));
    undone.dispose();
  } finally {
    tf.dispose([...variables, ...weights, ...first, ...second]);
  }
}

function bits(tensor: tf.Tensor): number[] {
  return Array.from(new Uint32Array((tensor.dataSync() as Float32Array).slice().buffer));
}

describe('SummedUpdate', () => {
  const shapes = [[5, 7], [7], [13, 3], [2]];
  for (const simd of [true, false]) {
    it(`gives the AdamUpdate kernel's bits on shares of 1 to 4 threads (${simd ? 'SIMD' : 'JavaScript'} loop)`, () => {
      useSimdModules(simd);
      const start = tf.memory().numTensors;
      for (const threads of [1, 2, 3, 4]) compareWithKernel(shapes, threads);
      expect(tf.memory().numTensors).toBe(start);
    });
  }
});
