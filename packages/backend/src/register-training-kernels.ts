import { getKernel, type KernelConfig, registerKernel } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter';
import { depthwiseConv2dNativeBackpropFilterConfig } from './kernels/DepthwiseConv2dNativeBackpropFilter';
import { depthwiseConv2dNativeBackpropInputConfig } from './kernels/DepthwiseConv2dNativeBackpropInput';

/**
 * The gradient kernels tfjs-backend-wasm 4.22 does not register, which this package adds: without
 * them `model.fit` of a convnet on 'wasm' fails with "Kernel 'Conv2DBackpropFilter' not registered".
 */
const trainingKernelConfigs: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
];

/** Names of the kernels {@link registerTrainingKernels} adds to the 'wasm' backend. */
export const TRAINING_KERNEL_NAMES = trainingKernelConfigs.map((config) => config.kernelName);

/**
 * Registers on the 'wasm' backend the training kernels it lacks ({@link TRAINING_KERNEL_NAMES}),
 * so that conv2d, depthwise and separable convolution layers train there. A kernel already
 * registered (by a later tfjs-backend-wasm, say) is left as it is. Idempotent;
 * {@link initWasmBackend} calls it.
 */
export function registerTrainingKernels(): void {
  for (const config of trainingKernelConfigs) {
    if (getKernel(config.kernelName, 'wasm') === undefined) registerKernel(config);
  }
}
