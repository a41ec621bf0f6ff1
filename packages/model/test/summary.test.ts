import { useCpuBackend } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import { createMnistMlp, summary, withSoftmax } from '../src';

useCpuBackend();

describe('summary', () => {
  it('lists each layer with type, output shape and parameters, then the totals', () => {
    const model = createMnistMlp();
    const text = summary(model);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "mnist_mlp"');
    expect(text).toMatch(/Layer \(type\) +Output Shape +Param #/);
    expect(text).toMatch(/^ flatten \(Flatten\) +\(None, 784\) +0$/m);
    expect(text).toMatch(/^ hidden \(Dense\) +\(None, 128\) +100,480$/m);
    expect(text).toMatch(/^ dropout \(Dropout\) +\(None, 128\) +0$/m);
    expect(text).toMatch(/^ logits \(Dense\) +\(None, 10\) +1,290$/m);
    expect(lines).toContain('Total params: 101,770');
    expect(lines).toContain('Trainable params: 101,770');
    expect(lines).toContain('Non-trainable params: 0');
    // Layers appear in model order.
    const order = ['flatten', 'hidden', 'dropout', 'logits'].map((name) =>
      text.indexOf(` ${name} (`),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    model.dispose();
  });

  it('counts shared weights once and shows a nested model as one row', () => {
    const model = createMnistMlp({ hiddenUnits: 4, numClasses: 3, inputShape: [2, 2] });
    const text = summary(withSoftmax(model));
    const params = 4 * 4 + 4 + 4 * 3 + 3;
    expect(text).toMatch(
      new RegExp(`^ mnist_mlp \\(Sequential\\) +\\(None, 3\\) +${params}$`, 'm'),
    );
    expect(text).toMatch(/^ softmax \(Softmax\) +\(None, 3\) +0$/m);
    expect(text).toContain(`Total params: ${params}\n`);
    model.dispose();
  });

  it('does not print', () => {
    const model = createMnistMlp();
    const log = console.log;
    let printed = false;
    console.log = () => {
      printed = true;
    };
    try {
      summary(model);
    } finally {
      console.log = log;
    }
    expect(printed).toBe(false);
    model.dispose();
  });
});
