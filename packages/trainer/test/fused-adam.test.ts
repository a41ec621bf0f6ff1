import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedAdam, TrainerOptionError, UnknownVariableError } from '../src';
import { setupWasmMnist } from './wasm-mnist';

beforeAll(async () => {
  await setupWasmMnist();
});

const shapes = [[20, 6], [6], [6, 3], [3]];

/** Runs `steps` of `optimizer` on a fixed quadratic loss over fresh variables; returns their values. */
function optimize(optimizer: tf.Optimizer, steps: number): Float32Array[] {
  const variables = shapes.map((shape, i) =>
    tf.variable(tf.randomNormal(shape, 0, 1, 'float32', i + 1)),
  );
  const targets = shapes.map((shape, i) => tf.randomNormal(shape, 0, 1, 'float32', i + 50));
  for (let step = 0; step < steps; step++) {
    optimizer.minimize(
      () =>
        tf.addN(variables.map((v, i) => tf.sum(tf.square(tf.sub(v, targets[i]!))))) as tf.Scalar,
    );
  }
  const values = variables.map((v) => v.dataSync() as Float32Array);
  tf.dispose([...variables, ...targets]);
  return values;
}

describe('FusedAdam', () => {
  it("with epsilonMode 'tfjs' follows tf.train.adam over several steps", () => {
    const reference = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    const expected = optimize(reference, 6);
    reference.dispose();
    const fused = new FusedAdam({ learningRate: 0.01, epsilonMode: 'tfjs' });
    const actual = optimize(fused, 6);
    fused.dispose();
    for (const [i, values] of expected.entries()) {
      for (let j = 0; j < values.length; j++) {
        // Compared at the scale of the total movement (6 x lr): tf.train.adam rounds 1 - 0.999ᵗ
        // to float32, which is 1.3e-5 off at t = 1.
        const scale = Math.max(Math.abs(values[j]!), 0.06);
        expect(Math.abs(actual[i]![j]! - values[j]!) / scale).toBeLessThan(1e-5);
      }
    }
  });

  it('keeps two moments per variable, frees them on dispose, and counts iterations', () => {
    const w = tf.tidy(() => tf.variable(tf.ones([4])));
    const b = tf.tidy(() => tf.variable(tf.zeros([2])));
    const before = tf.memory().numTensors;
    const optimizer = new FusedAdam({ learningRate: 0.01 });
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        optimizer.minimize(() => tf.add(tf.sum(tf.square(w)), tf.sum(b)) as tf.Scalar);
      });
    }
    expect(optimizer.iterations).toBe(3);
    expect(tf.memory().numTensors).toBe(before + 2 * 2);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, b]);
  });

  it('round-trips its state through getWeights and setWeights', async () => {
    const w = tf.variable(tf.tensor1d([1, -2, 3]));
    const loss = () => tf.sum(tf.square(w)) as tf.Scalar;
    const first = new FusedAdam({ learningRate: 0.1 });
    first.minimize(loss);
    const saved = await first.getWeights();
    const copy = new FusedAdam({ learningRate: 0.1 });
    await copy.setWeights(saved);
    expect(copy.iterations).toBe(1);
    const start = w.dataSync().slice();
    first.minimize(loss);
    const afterFirst = w.dataSync().slice();
    w.assign(tf.tensor1d(start));
    copy.minimize(loss);
    expect(w.dataSync()).toEqual(afterFirst);
    tf.dispose([w, saved[0]!.tensor]);
    first.dispose();
    copy.dispose();
  });

  it('refuses settings outside their range, naming the setting', () => {
    const make = (config: object) => () =>
      new FusedAdam({ learningRate: 0.001, ...config } as ConstructorParameters<
        typeof FusedAdam
      >[0]);
    expect(make({})).not.toThrow();
    expect(make({ learningRate: undefined })).toThrow(TrainerOptionError);
    expect(make({ learningRate: undefined })).toThrow(
      'FusedAdam: learningRate is undefined; use a number > 0.',
    );
    expect(make({ learningRate: Number.NaN })).toThrow(/^FusedAdam: learningRate is NaN/);
    expect(make({ beta1: 1 })).toThrow('FusedAdam: beta1 is 1; use a number in [0, 1).');
    expect(make({ beta2: -0.5 })).toThrow(/^FusedAdam: beta2 is -0.5/);
    expect(make({ epsilon: 0 })).toThrow('FusedAdam: epsilon is 0; use a number > 0.');
    expect(make({ epsilonMode: 'torch' })).toThrow(
      `FusedAdam: epsilonMode is "torch"; use 'keras' or 'tfjs'.`,
    );
  });

  it('names an unknown variable instead of failing inside the kernel', () => {
    const optimizer = new FusedAdam({ learningRate: 0.01 });
    const gradient = tf.ones([2]);
    expect(() => optimizer.applyGradients({ 'no/such/variable': gradient })).toThrow(
      /no variable named 'no\/such\/variable' is registered/,
    );
    expect(() => optimizer.applyGradients({ 'no/such/variable': gradient })).toThrow(
      UnknownVariableError,
    );
    gradient.dispose();
    optimizer.dispose();
  });
});

describe('FusedAdam undo', () => {
  it('puts back the weights, moments and step count from before the last update, once', async () => {
    const before = tf.memory().numTensors;
    const initial = tf.tensor1d([1, -2, 3]);
    const w = tf.variable(initial);
    initial.dispose();
    const optimizer = new FusedAdam({ learningRate: 0.1 });
    const loss = () => tf.sum(tf.square(w)) as tf.Scalar;
    const state = async () => {
      const [iterations, ...moments] = await optimizer.getWeights();
      // The step count comes as a new scalar; the moments are the optimizer's own tensors.
      iterations!.tensor.dispose();
      return [
        iterations!.tensor.isDisposed && optimizer.iterations,
        ...moments.map(({ name, tensor }) => [name, Array.from(tensor.dataSync())]),
      ];
    };
    optimizer.keepUndo();
    expect(optimizer.undoLastUpdate()).toBe(false);
    optimizer.minimize(loss);
    const afterFirst = { weights: Array.from(w.dataSync()), state: await state() };
    optimizer.minimize(loss);
    expect(Array.from(w.dataSync())).not.toEqual(afterFirst.weights);
    expect(optimizer.undoLastUpdate()).toBe(true);
    expect(optimizer.iterations).toBe(1);
    expect(Array.from(w.dataSync())).toEqual(afterFirst.weights);
    expect(await state()).toEqual(afterFirst.state);
    // Only the last update can be undone.
    expect(optimizer.undoLastUpdate()).toBe(false);
    // Training on after an undo takes the same step again.
    optimizer.minimize(loss);
    const again = Array.from(w.dataSync());
    optimizer.dropUndo();
    expect(optimizer.undoLastUpdate()).toBe(false);
    // Without undo kept, only the variable and its two moments are left.
    expect(tf.memory().numTensors).toBe(before + 1 + 2);
    expect(again).toHaveLength(3);
    optimizer.dispose();
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is an instanceof check that other optimizers fail', () => {
    const sgd = tf.train.sgd(0.1);
    const fused = new FusedAdam({ learningRate: 0.1 });
    // tf.Optimizer's own instanceof accepts anything with optimizer methods.
    expect(sgd instanceof tf.Optimizer).toBe(true);
    expect(sgd instanceof FusedAdam).toBe(false);
    expect(fused instanceof FusedAdam).toBe(true);
    sgd.dispose();
    fused.dispose();
  });
});
