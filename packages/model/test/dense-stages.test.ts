import { useCpuBackend } from '@mnist-wasm/test-utils';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createMnistCnn, createMnistMlp, denseStages } from '../src';

useCpuBackend();

describe('denseStages', () => {
  it("lists the notebook MLP's stages with its variables, activations and dropout rate", () => {
    const model = createMnistMlp({ seed: 1 });
    const stages = denseStages(model)!;
    expect(stages.map((stage) => stage.kind)).toEqual(['flatten', 'dense', 'dropout', 'dense']);
    const [, hidden, dropout, logits] = stages;
    expect(hidden).toMatchObject({ kind: 'dense', relu: true });
    expect(dropout).toEqual({ kind: 'dropout', rate: 0.2 });
    expect(logits).toMatchObject({ kind: 'dense', relu: false });
    const variables = model.trainableWeights.map((weight) => weight.read());
    expect(hidden?.kind === 'dense' && [hidden.kernel, hidden.bias]).toEqual(variables.slice(0, 2));
    model.dispose();
  });

  it('leaves out a dropout of rate 0 and declines what the Dense kernels cannot run', () => {
    const noDropout = createMnistMlp({ dropoutRate: 0 });
    expect(denseStages(noDropout)!.map((stage) => stage.kind)).toEqual([
      'flatten',
      'dense',
      'dense',
    ]);
    const tanh = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 3, activation: 'tanh' })],
    });
    const regularized = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [4], units: 3, kernelRegularizer: tfl.regularizers.l2() }),
      ],
    });
    const input = tfl.input({ shape: [4] });
    const functional = tfl.model({
      inputs: input,
      outputs: tfl.layers.dense({ units: 2 }).apply(input) as tfl.SymbolicTensor,
    });
    const cnn = createMnistCnn();
    for (const model of [tanh, regularized, functional, cnn]) expect(denseStages(model)).toBeNull();
    for (const model of [noDropout, tanh, regularized, functional, cnn]) model.dispose();
  });
});
