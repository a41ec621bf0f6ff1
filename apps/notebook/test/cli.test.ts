import { describe, expect, it } from 'vitest';
import { notebook } from './run-cli';

describe('mnist-notebook', () => {
  it('runs a short notebook and prints only JSON metrics on stdout with --json', async () => {
    const { code, stdout, stderr } = await notebook(
      '--epochs',
      '1',
      '--train-limit',
      '2000',
      '--test-limit',
      '500',
      '--seed',
      '7',
      '--json',
    );
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.seed).toBe(7);
    expect(result.step).toBe('plan');
    expect(result).not.toHaveProperty('planRefusal');
    expect(result.backend).toMatchObject({ backend: 'wasm', simd: true });
    expect(result.data).toMatchObject({ train: 2000, test: 500 });
    expect(result.untrainedLoss).toBeGreaterThan(1.5);
    expect(result.untrainedLoss).toBeLessThan(3.5);
    expect(result.history.loss).toHaveLength(1);
    expect(result.history.accuracy).toHaveLength(1);
    expect(result.test.count).toBe(500);
    expect(result.peakRssMb).toBeGreaterThan(10);
    expect(result.test.accuracy).toBeGreaterThan(0.7);
    expect(result.test.loss).toBeLessThan(result.untrainedLoss);
    // The cells still show, on stderr, so a --json run can be watched.
    expect(stderr).toContain('model.fit');
    expect(stderr).toContain('Epoch 1/1');
  }, 120_000);

  it('prints the notebook cells in order without --json', async () => {
    const { code, stdout } = await notebook(
      '--epochs',
      '1',
      '--train-limit',
      '500',
      '--test-limit',
      '100',
      '--seed',
      '1',
    );
    expect(code).toBe(0);
    const cells = [
      'mnist.load_data()',
      'Sequential',
      'softmax',
      'loss_fn',
      'model.fit',
      'evaluate',
      'probability_model',
      'confusion',
    ];
    const positions = cells.map((cell) => stdout.indexOf(cell));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(stdout).toContain('101,770');
    // The evaluate cell prints as Keras's evaluate(verbose=2) does; the Keras notebook's own
    // figures only beside the notebook's run, which one epoch on 500 digits is not.
    expect(stdout).toMatch(/\n100 examples - loss: \d\.\d{4} - accuracy: \d\.\d{4}\n/);
    expect(stdout).not.toContain('the notebook:');
  }, 120_000);

  it('trains on augmented batches with --augment, and only then', async () => {
    const args = ['--epochs', '1', '--train-limit', '1000', '--test-limit', '200', '--seed', '4'];
    const plain = await notebook(...args, '--json');
    const augmented = await notebook(...args, '--augment', '--json');
    expect(plain.code, plain.stderr).toBe(0);
    expect(augmented.code, augmented.stderr).toBe(0);
    const [before, after] = [JSON.parse(plain.stdout), JSON.parse(augmented.stdout)];
    expect(before.augment).toBe(false);
    expect(after.augment).toBe(true);
    // Same seed and weights, other inputs: another history, still far above chance.
    expect(after.history.loss[0]).not.toBe(before.history.loss[0]);
    expect(after.test.accuracy).toBeGreaterThan(0.5);
    expect(augmented.stderr).toContain('with augmentation');
    expect(plain.stderr).not.toContain('with augmentation');
  }, 120_000);

  it('rejects a bad flag value with a message naming the flag, and exits non-zero', async () => {
    const { code, stdout, stderr } = await notebook('--epochs', 'two');
    expect(code).not.toBe(0);
    expect(stderr).toContain('--epochs');
    expect(stderr).toContain("'two'");
    expect(stdout).toBe('');
  });

  it('rejects an unknown flag', async () => {
    const { code, stderr } = await notebook('--epoch', '3');
    expect(code).not.toBe(0);
    expect(stderr).toContain("unknown option '--epoch'");
  });

  it('names the folder when --data-dir has no MNIST files', async () => {
    const { code, stderr } = await notebook('--data-dir', '/nonexistent/mnist', '--quiet');
    expect(code).not.toBe(0);
    expect(stderr).toContain('/nonexistent/mnist');
  }, 60_000);
});
