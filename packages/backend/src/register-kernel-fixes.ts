import {
  _FusedMatMul,
  BatchMatMul,
  Conv2DBackpropInput,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  OneHot,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { KernelNotRegisteredError } from './errors';
import { createFusedMatMulFix } from './kernels/_FusedMatMul';
import { createBatchMatMulFix } from './kernels/BatchMatMul';
import { createConv2DBackpropInputFix } from './kernels/Conv2DBackpropInput';
import { createMaxPoolGradFix } from './kernels/MaxPoolGrad';
import { createOneHotFix } from './kernels/OneHot';

/** Kernel names this package replaces on the 'wasm' backend, in registration order. */
export const FIXED_KERNEL_NAMES = [
  BatchMatMul,
  _FusedMatMul,
  OneHot,
  Conv2DBackpropInput,
  MaxPoolGrad,
] as const;

const fixFactories: Record<(typeof FIXED_KERNEL_NAMES)[number], (stock: KernelFunc) => KernelFunc> =
  {
    [BatchMatMul]: createBatchMatMulFix,
    [_FusedMatMul]: createFusedMatMulFix,
    [OneHot]: createOneHotFix,
    [Conv2DBackpropInput]: createConv2DBackpropInputFix,
    [MaxPoolGrad]: createMaxPoolGradFix,
  };

// A global symbol, so the ESM and CJS builds of this package recognise each other's fixes.
const STOCK_CONFIG = Symbol.for('@mnist-wasm/backend:stock-kernel-config');
type FixedKernelFunc = KernelFunc & { [STOCK_CONFIG]?: KernelConfig };

function stockConfigOf(config: KernelConfig | undefined): KernelConfig | undefined {
  return (config?.kernelFunc as FixedKernelFunc | undefined)?.[STOCK_CONFIG];
}

/**
 * Replaces the stock 'wasm' kernels named in {@link FIXED_KERNEL_NAMES} with faster equivalents
 * or correct ones: transposed `matMul`s (used by every Dense layer's backprop) and conv2d's input
 * gradient are routed to XNNPACK instead of scalar loops, and float `oneHot`s get their values
 * instead of int32 bits.
 * Idempotent; {@link initWasmBackend} calls it unless `kernelFixes: false`. Works before or after the backend is initialized.
 *
 * @throws KernelNotRegisteredError if `@tensorflow/tfjs-backend-wasm` has not registered its kernels
 *   (not imported).
 *
 * @example
 * ```ts
 * import { initWasmBackend, registerKernelFixes, unregisterKernelFixes } from '@mnist-wasm/backend';
 *
 * await initWasmBackend({ kernelFixes: false }); // stock kernels, e.g. for a baseline
 * registerKernelFixes();                        // now fixed
 * unregisterKernelFixes();                      // stock again
 * ```
 */
export function registerKernelFixes(): void {
  for (const kernelName of FIXED_KERNEL_NAMES) {
    const stock = getKernel(kernelName, 'wasm');
    if (stock === undefined) {
      throw new KernelNotRegisteredError(
        'registerKernelFixes',
        kernelName,
        'wasm',
        "import '@tensorflow/tfjs-backend-wasm' first, which registers the stock kernels to fix",
      );
    }
    if (stockConfigOf(stock) !== undefined) continue;
    const fixed: FixedKernelFunc = fixFactories[kernelName](stock.kernelFunc);
    fixed[STOCK_CONFIG] = stock;
    unregisterKernel(kernelName, 'wasm');
    registerKernel({ ...stock, kernelFunc: fixed });
  }
}

/** Restores the stock 'wasm' kernels replaced by {@link registerKernelFixes}. Idempotent. */
export function unregisterKernelFixes(): void {
  for (const kernelName of FIXED_KERNEL_NAMES) {
    const stock = stockConfigOf(getKernel(kernelName, 'wasm'));
    if (stock === undefined) continue;
    unregisterKernel(kernelName, 'wasm');
    registerKernel(stock);
  }
}

/** Whether every kernel fix of this package is currently registered on the 'wasm' backend. */
export function kernelFixesRegistered(): boolean {
  return FIXED_KERNEL_NAMES.every((name) => stockConfigOf(getKernel(name, 'wasm')) !== undefined);
}
