import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BackendError,
  BackendOptionError,
  initWasmBackend,
  SimdUnsupportedError,
  WasmFilesNotFoundError,
} from '../src/index';

// Each failing call must leave the backend uninitialized, so a later call can still succeed.
describe('initWasmBackend errors', () => {
  afterEach(() => {
    tf.env().reset();
  });

  it('rejects a non-positive-integer threads option', async () => {
    await expect(initWasmBackend({ threads: 0 })).rejects.toBeInstanceOf(BackendOptionError);
    await expect(initWasmBackend({ threads: 1.5 })).rejects.toThrow(
      'initWasmBackend: threads is 1.5; use a positive integer.',
    );
    await expect(initWasmBackend({ threads: 0 })).rejects.toMatchObject({
      caller: 'initWasmBackend',
      option: 'threads',
      value: 0,
      allowed: 'a positive integer',
    });
  });

  it('names the folder and suggests wasmPaths when the binaries are missing', async () => {
    const attempt = initWasmBackend({ wasmPaths: '/no/such/folder/' });
    await expect(attempt).rejects.toBeInstanceOf(WasmFilesNotFoundError);
    await expect(attempt).rejects.toThrow(/\/no\/such\/folder\/.*wasmPaths/s);
  });

  it('refuses a runtime without SIMD when requireSimd is set', async () => {
    tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
    const attempt = initWasmBackend({ requireSimd: true });
    await expect(attempt).rejects.toBeInstanceOf(SimdUnsupportedError);
    await expect(attempt).rejects.toBeInstanceOf(BackendError);
    expect(tf.findBackend('wasm')).toBeNull();
  });

  it('still initializes after the failed calls', async () => {
    const report = await initWasmBackend({ requireSimd: true });
    expect(report.simd).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
  });
});
