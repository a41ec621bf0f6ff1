import { useCpuBackend, weightValues } from '@mnist-wasm/test-utils';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createMnistCnn } from '../src';

useCpuBackend();

// The convnet's initial weights: zero biases, glorot-uniform kernels, and their seeded streams.
describe('createMnistCnn', () => {
  it('starts with zero biases and glorot-uniform kernels within sqrt(6 / (fanIn + fanOut))', () => {
    const options = { filters: [8, 16], kernelSize: 5, denseUnits: 128, seed: 7 };
    const model = createMnistCnn(options);
    // A conv kernel's fans are the receptive field times the channels in and out.
    for (const [name, fanIn, fanOut] of [
      ['conv1', 25 * 1, 25 * 8],
      ['conv2', 25 * 8, 25 * 16],
      ['hidden', 256, 128],
      ['logits', 128, 10],
    ] as const) {
      const [kernel, bias] = model.getLayer(name).getWeights();
      expect(Array.from(bias!.dataSync()).every((v) => v === 0)).toBe(true);
      const values = Array.from(kernel!.dataSync());
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxAbs, name).toBeLessThanOrEqual(limit);
      expect(maxAbs, name).toBeGreaterThan(0.9 * limit);
    }
    model.dispose();
  });

  it('gives identical initial weights for one seed and different weights for different seeds', () => {
    const a = createMnistCnn({ seed: 42 });
    const b = createMnistCnn({ seed: 42 });
    const c = createMnistCnn({ seed: 43 });
    const [wa, wb, wc] = [a, b, c].map(weightValues);
    expect(wb).toEqual(wa);
    // Every kernel (even indices; odd ones are the zero biases) differs between the seeds.
    wa!.forEach((values, i) => {
      if (i % 2 === 0) expect(Array.from(wc![i]!), `weight ${i}`).not.toEqual(Array.from(values));
    });
    // Each layer draws from its own stream: conv1 and conv2 start differently.
    expect(Array.from(wa![2]!.slice(0, 10))).not.toEqual(Array.from(wa![0]!.slice(0, 10)));
    for (const m of [a, b, c]) m.dispose();
  });

  it('keeps the streams of conv1 and the dense layers when a block is added', () => {
    const two = createMnistCnn({ filters: [4, 4], kernelSize: 3, seed: 5 });
    const three = createMnistCnn({ filters: [4, 4, 4], kernelSize: 3, seed: 5 });
    const kernel = (m: tfl.LayersModel, name: string) =>
      Array.from(m.getLayer(name).getWeights()[0]!.dataSync());
    expect(kernel(three, 'conv1')).toEqual(kernel(two, 'conv1'));
    expect(kernel(three, 'conv2')).toEqual(kernel(two, 'conv2'));
    expect(kernel(three, 'logits')).toEqual(kernel(two, 'logits'));
    two.dispose();
    three.dispose();
  });
});
