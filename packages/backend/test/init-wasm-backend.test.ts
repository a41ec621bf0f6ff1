import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend, kernelFixesRegistered, type WasmBackendReport } from '../src/index';

describe('initWasmBackend', () => {
  let report: WasmBackendReport;
  beforeAll(async () => {
    report = await initWasmBackend();
  });

  it('makes wasm the active backend, with SIMD and one thread in Node', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(report).toEqual({
      backend: 'wasm',
      simd: true,
      threads: 1,
      tfjsVersion: tf.version_core,
    });
    expect(report.tfjsVersion).toBe('4.22.0');
  });

  it('registers the kernel fixes by default', () => {
    expect(kernelFixesRegistered()).toBe(true);
  });

  it('is harmless to call again: same report, same backend instance', async () => {
    const backend = tf.backend();
    const again = await initWasmBackend({ kernelFixes: false });
    expect(again).toBe(report);
    expect(tf.backend()).toBe(backend);
    expect(kernelFixesRegistered()).toBe(true);
  });

  it('multiplies a small matrix correctly', () => {
    // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]] by hand.
    const product = tf.tidy(() =>
      tf.matMul(
        tf.tensor2d([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        tf.tensor2d([
          [7, 8],
          [9, 10],
          [11, 12],
        ]),
      ),
    );
    expect(product.shape).toEqual([2, 2]);
    expect(Array.from(product.dataSync())).toEqual([58, 64, 139, 154]);
    product.dispose();
  });
});
