import type { ReportData } from '../src';

/** A small, valid report: two epochs of four batches, a 10-class confusion matrix, two mistakes. */
export function fakeReportData(overrides: Partial<ReportData> = {}): ReportData {
  const confusion = Array.from({ length: 10 }, (_, i) =>
    Array.from({ length: 10 }, (_, j) => (i === j ? 95 : (i + j) % 3 === 0 ? 1 : 0)),
  );
  return {
    title: 'mnist-notebook --model mlp --epochs 2 --seed 1',
    createdAt: '2025-01-02T03:04:05.000Z',
    settings: { model: 'mlp', epochs: 2, seed: 1, augment: false },
    timings: { load: 120, train: 15_500, evaluate: 300 },
    batches: Array.from({ length: 8 }, (_, i) => ({
      x: i / 4,
      loss: 2 / (i + 1),
      accuracy: 0.5 + i / 20,
    })),
    epochs: [
      { epoch: 1, loss: 0.4, accuracy: 0.88, valLoss: 0.3, valAccuracy: 0.91 },
      { epoch: 2, loss: 0.2, accuracy: 0.94, valLoss: 0.18, valAccuracy: 0.95 },
    ],
    test: { loss: 0.1234, accuracy: 0.9731, count: 10_000 },
    confusion,
    misclassified: [
      {
        pixels: Array.from({ length: 784 }, (_, i) => (i * 7) % 256),
        label: 4,
        predicted: 9,
        probability: 0.97,
      },
      { pixels: new Array(784).fill(0), label: 3, predicted: 5, probability: 0.51 },
    ],
    ...overrides,
  };
}
