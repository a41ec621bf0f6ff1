import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdamUpdate,
  adamUpdate,
  initWasmBackend,
  KernelNotRegisteredError,
  registerAdamUpdate,
  SlotMismatchError,
} from '../src/index';
import { adamSimdLoopFor } from '../src/kernels/adam-simd-loop';
import { expectNoLeak } from './helpers';

const hyper = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** Keras's Adam in float64, the reference: returns w, m, v after one step. */
function kerasAdam(w: number[], g: number[], m: number[], v: number[], step: number) {
  const { learningRate, beta1, beta2, epsilon } = hyper;
  const alpha = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
  const m2 = m.map((mj, j) => beta1 * mj + (1 - beta1) * g[j]!);
  const v2 = v.map((vj, j) => beta2 * vj + (1 - beta2) * g[j]! ** 2);
  return {
    w: w.map((wj, j) => wj - (alpha * m2[j]!) / (Math.sqrt(v2[j]!) + epsilon)),
    m: m2,
    v: v2,
  };
}

/** Elementwise relative error below `tol`; values below `floor` in size count as `floor`. */
function expectRelativelyClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: number,
  floor = 1e-6,
) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(Math.abs(expected[i]!), floor);
    expect(Math.abs(actual[i]! - expected[i]!) / scale).toBeLessThan(tol);
  }
}

describe('adamUpdate', () => {
  beforeAll(async () => {
    await initWasmBackend();
  });

  const shapes = [[7, 5], [5], [3, 4, 2], [1]];

  it('follows Keras Adam over several steps for variables of several shapes', () => {
    // Within float32 rounding: the kernel computes in float32 (SIMD lanes), the reference in
    // float64; m = b1 m + (1 - b1) g can cancel to near 0, so errors are measured against each
    // tensor's largest value.
    const state = shapes.map((shape, i) => {
      const size = tf.util.sizeFromShape(shape);
      return {
        shape,
        w: Array.from({ length: size }, (_, j) => Math.fround(Math.sin(i * 10 + j))),
        m: new Array<number>(size).fill(0),
        v: new Array<number>(size).fill(0),
      };
    });
    for (let step = 1; step <= 4; step++) {
      const gradients = state.map(({ w }, i) =>
        w.map((_, j) => Math.fround(Math.cos(step * 3 + i * 7 + j * 1.3) * 0.5)),
      );
      const slots = state.map(({ shape, w, m, v }, i) => ({
        weights: tf.tensor(w, shape),
        gradients: tf.tensor(gradients[i]!, shape),
        firstMoments: tf.tensor(m, shape),
        secondMoments: tf.tensor(v, shape),
      }));
      const updates = adamUpdate(slots, { ...hyper, step });
      for (const [i, s] of state.entries()) {
        const expected = kerasAdam(s.w, gradients[i]!, s.m, s.v, step);
        const update = updates[i]!;
        expect(update.weights.shape).toEqual(s.shape);
        const floor = (values: number[]) => Math.max(...values.map(Math.abs));
        expectRelativelyClose(update.weights.dataSync(), expected.w, 1e-5, floor(expected.w));
        expectRelativelyClose(update.firstMoments.dataSync(), expected.m, 1e-5, floor(expected.m));
        expectRelativelyClose(update.secondMoments.dataSync(), expected.v, 1e-5, floor(expected.v));
        s.w = Array.from(update.weights.dataSync());
        s.m = Array.from(update.firstMoments.dataSync());
        s.v = Array.from(update.secondMoments.dataSync());
      }
      tf.dispose([...slots.flatMap(Object.values), ...updates.flatMap(Object.values)]);
    }
  });

  it("with epsilonMode 'tfjs' matches tf.train.adam within 1e-5 over several steps", () => {
    // tf.train.adam keeps 1 - 0.999ᵗ in float32 (1.3e-5 off at t = 1), so its updates are off by
    // ~1e-5 relatively: weights are compared at the scale of their total movement (steps x lr).
    const variables = shapes.map((shape, i) =>
      tf.variable(tf.randomNormal(shape, 0, 1, 'float32', i + 1)),
    );
    const reference = variables.map((v) => tf.variable(v.clone()));
    const optimizer = tf.train.adam(hyper.learningRate, hyper.beta1, hyper.beta2, hyper.epsilon);
    let moments: Array<{ m: tf.Tensor; v: tf.Tensor }> = variables.map((v) => ({
      m: tf.zeros(v.shape),
      v: tf.zeros(v.shape),
    }));
    for (let step = 1; step <= 5; step++) {
      const gradients = shapes.map((shape, i) =>
        tf.randomNormal(shape, 0, 1, 'float32', step * 100 + i),
      );
      optimizer.applyGradients(reference.map((v, i) => ({ name: v.name, tensor: gradients[i]! })));
      const updates = adamUpdate(
        variables.map((w, i) => ({
          weights: w,
          gradients: gradients[i]!,
          firstMoments: moments[i]!.m,
          secondMoments: moments[i]!.v,
        })),
        { ...hyper, step, epsilonMode: 'tfjs' },
      );
      tf.dispose([...gradients, ...moments.flatMap(Object.values)]);
      moments = updates.map((u, i) => {
        variables[i]!.assign(u.weights);
        u.weights.dispose();
        return { m: u.firstMoments, v: u.secondMoments };
      });
    }
    for (const [i, v] of variables.entries()) {
      expectRelativelyClose(v.dataSync(), reference[i]!.dataSync(), 1e-5, 5 * hyper.learningRate);
    }
    optimizer.dispose();
    tf.dispose([...variables, ...reference, ...moments.flatMap(Object.values)]);
  });

  it('runs its loop as WebAssembly SIMD on the backend heap in Node', () => {
    const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } })
      .wasm.asm.memory;
    expect(adamSimdLoopFor(memory)).toBeTypeOf('function');
    expect(adamSimdLoopFor(undefined)).toBeNull();
  });

  it('flushes moments that decay below the smallest normal float32 to zero, and keeps NaN', () => {
    tf.tidy(() => {
      // Four values for the SIMD loop, two for the JavaScript loop after it.
      // 1.2e-38 and 1.176e-38 are normal; 0.9 and 0.999 times them are not.
      const tiny = 1.2e-38;
      const weights = tf.tensor1d([1, 1, 1, 1, 1, 1]);
      const gradients = tf.tensor1d([0, 0.5, Number.NaN, 0, 0, Number.NaN]);
      const first = tf.tensor1d([tiny, 0.1, 0.1, 1e-30, tiny, 0.1]);
      const second = tf.tensor1d([1.176e-38, 0.1, 0.1, 1e-30, 1.176e-38, 0.1]);
      const [next] = adamUpdate(
        [{ weights, gradients, firstMoments: first, secondMoments: second }],
        {
          ...hyper,
          step: 3,
        },
      );
      const m = Array.from(next!.firstMoments.dataSync());
      const v = Array.from(next!.secondMoments.dataSync());
      expect([m[0], m[4]]).toEqual([0, 0]);
      expect([v[0], v[4]]).toEqual([0, 0]);
      expect(m[3]).toBeCloseTo(0.9e-30, 35);
      expect(m[1]).toBeGreaterThan(0);
      expect([m[2], m[5]].every(Number.isNaN)).toBe(true);
      expect(Number.isNaN(next!.weights.dataSync()[2])).toBe(true);
    });
  });

  it('leaves no tensors or buffers behind once the results are disposed', () => {
    const slot = {
      weights: tf.ones([3, 3]),
      gradients: tf.ones([3, 3]),
      firstMoments: tf.zeros([3, 3]),
      secondMoments: tf.zeros([3, 3]),
    };
    expectNoLeak(() => {
      const [update] = adamUpdate([slot], { ...hyper, step: 1 });
      tf.dispose(Object.values(update!));
    });
    tf.dispose(Object.values(slot));
  });

  it('writes the moments in place into momentsInto, the same bits as new outputs', () => {
    // Lengths 7 and 5: the SIMD groups and the JavaScript tail both write in place.
    const shapesInPlace = [[7], [5], [2, 3]];
    const slots = shapesInPlace.map((shape, i) => ({
      weights: tf.randomNormal(shape, 0, 1, 'float32', i + 1),
      gradients: tf.randomNormal(shape, 0, 1, 'float32', i + 20),
      firstMoments: tf.randomNormal(shape, 0, 0.1, 'float32', i + 40),
      secondMoments: tf.randomUniform(shape, 0, 0.1, 'float32', i + 60),
    }));
    const expected = adamUpdate(slots, { ...hyper, step: 2 });
    // Into a second pair for the first slot, into the moments themselves for the others.
    const spare = { firstMoments: tf.zeros([7]), secondMoments: tf.zeros([7]) };
    const momentsInto = (slot: (typeof slots)[number], i: number) =>
      i === 0 ? spare : { firstMoments: slot.firstMoments, secondMoments: slot.secondMoments };
    const before = tf.memory().numTensors;
    const updates = adamUpdate(
      slots.map((slot, i) => ({ ...slot, momentsInto: momentsInto(slot, i) })),
      { ...hyper, step: 2 },
    );
    // Only the new weights are new tensors.
    expect(tf.memory().numTensors).toBe(before + slots.length);
    for (const [i, update] of updates.entries()) {
      const into = momentsInto(slots[i]!, i);
      expect(update.firstMoments).toBe(into.firstMoments);
      expect(update.secondMoments).toBe(into.secondMoments);
      expect(update.weights.dataSync()).toEqual(expected[i]!.weights.dataSync());
      expect(update.firstMoments.dataSync()).toEqual(expected[i]!.firstMoments.dataSync());
      expect(update.secondMoments.dataSync()).toEqual(expected[i]!.secondMoments.dataSync());
    }
    tf.dispose([
      ...slots.flatMap(Object.values),
      ...expected.flatMap(Object.values),
      ...updates.map((update) => update.weights),
      ...Object.values(spare),
    ]);
  });

  it('refuses momentsInto that shares its data, or given to only some slots', () => {
    const slot = () => ({
      weights: tf.ones([3]),
      gradients: tf.ones([3]),
      firstMoments: tf.zeros([3]),
      secondMoments: tf.zeros([3]),
    });
    const [a, b] = [slot(), slot()];
    const view = tf.reshape(a.firstMoments, [3]);
    const shared = { firstMoments: view, secondMoments: tf.zeros([3]) };
    expect(() => adamUpdate([{ ...a, momentsInto: shared }], { ...hyper, step: 1 })).toThrow(
      expect.objectContaining({ slot: 0, tensor: 'momentsInto.firstMoments' }),
    );
    expect(() => adamUpdate([{ ...a, momentsInto: shared }], { ...hyper, step: 1 })).toThrow(
      /shares its data with another tensor; it is written in place/,
    );
    tf.dispose([view, shared.secondMoments]);
    const crossed = { firstMoments: a.secondMoments, secondMoments: a.firstMoments };
    expect(() => adamUpdate([{ ...a, momentsInto: crossed }], { ...hyper, step: 1 })).toThrow(
      SlotMismatchError,
    );
    const own = { firstMoments: a.firstMoments, secondMoments: a.secondMoments };
    expect(() => adamUpdate([{ ...a, momentsInto: own }, b], { ...hyper, step: 1 })).toThrow(
      /slot 1 has no momentsInto unlike slot 0; give it to every slot or to none/,
    );
    tf.dispose([...Object.values(a), ...Object.values(b)]);
  });

  it('rejects a slot whose moments do not match its weights', () => {
    const slot = {
      weights: tf.ones([3]),
      gradients: tf.ones([3]),
      firstMoments: tf.zeros([4]),
      secondMoments: tf.zeros([3]),
    };
    expect(() => adamUpdate([slot], { ...hyper, step: 1 })).toThrow(SlotMismatchError);
    expect(() => adamUpdate([slot], { ...hyper, step: 1 })).toThrow(
      /slot 0's firstMoments is float32 \[4\]; expected float32 \[3\]/,
    );
    expect(() => adamUpdate([slot], { ...hyper, step: 1 })).toThrow(
      expect.objectContaining({ slot: 0, tensor: 'firstMoments' }),
    );
    tf.dispose(Object.values(slot));
  });

  it('names the missing kernel when AdamUpdate is not registered, until it is again', () => {
    const slot = {
      weights: tf.ones([2]),
      gradients: tf.ones([2]),
      firstMoments: tf.zeros([2]),
      secondMoments: tf.zeros([2]),
    };
    tf.unregisterKernel(AdamUpdate, 'wasm');
    try {
      expect(() => adamUpdate([slot], { ...hyper, step: 1 })).toThrow(KernelNotRegisteredError);
      expect(() => adamUpdate([slot], { ...hyper, step: 1 })).toThrow(
        "adamUpdate: the 'wasm' backend has no AdamUpdate kernel; it runs on 'wasm' only: call initWasmBackend() first.",
      );
    } finally {
      registerAdamUpdate();
    }
    const [update] = adamUpdate([slot], { ...hyper, step: 1 });
    tf.dispose([...Object.values(slot), ...Object.values(update!)]);
  });
});
