export {
  BackendError,
  BackendInitError,
  BackendOptionError,
  ConvOperandError,
  DenseOperandError,
  KernelNotRegisteredError,
  PoolOperandError,
  SimdUnsupportedError,
  SlotMismatchError,
  WasmFilesNotFoundError,
} from './errors';
export {
  type InitWasmBackendOptions,
  initWasmBackend,
  type WasmBackendReport,
  type WasmBinaryName,
} from './init-wasm-backend';
export {
  AdamUpdate,
  type AdamUpdateAttrs,
  type ConvActivation,
  ConvBackward,
  type ConvBackwardAttrs,
  ConvForward,
  type ConvForwardAttrs,
  type ConvPadding,
  type DenseActivation,
  DenseBackward,
  type DenseBackwardAttrs,
  DenseForward,
  type DenseForwardAttrs,
  PoolBackward,
  type PoolBackwardAttrs,
  PoolForward,
  type PoolForwardAttrs,
} from './kernel-names';
export { type SumAdamLoop, sumAdamLoopFor } from './kernels/share-adam-loop';
export { useSimdModules } from './kernels/simd-module';
export {
  type AdamHyperParameters,
  type AdamSlot,
  type AdamSlotUpdate,
  adamUpdate,
} from './ops/adam-update';
export {
  type Conv2dBackwardOptions,
  type Conv2dGradients,
  conv2dBackward,
} from './ops/conv2d-backward';
export {
  type Conv2dForwardOptions,
  type Conv2dForwardResult,
  conv2dForward,
} from './ops/conv2d-forward';
export {
  type DenseBackwardOperands,
  type DenseGradients,
  denseBackward,
} from './ops/dense-backward';
export {
  type DenseForwardOptions,
  type DenseForwardResult,
  denseForward,
} from './ops/dense-forward';
export { maxPoolBackward } from './ops/max-pool-backward';
export {
  type MaxPoolForwardOptions,
  type MaxPoolForwardResult,
  maxPoolForward,
} from './ops/max-pool-forward';
export {
  type TensorFromByteRowsOptions,
  tensorFromByteRows,
} from './ops/tensor-from-byte-rows';
export { registerAdamUpdate } from './register-adam-update';
export {
  CONV_KERNEL_NAMES,
  convKernelsUseSimd,
  registerConvKernels,
} from './register-conv-kernels';
export {
  DENSE_KERNEL_NAMES,
  denseKernelsUseSimd,
  registerDenseKernels,
} from './register-dense-kernels';
export {
  FIXED_KERNEL_NAMES,
  kernelFixesRegistered,
  registerKernelFixes,
  unregisterKernelFixes,
} from './register-kernel-fixes';
export { POOL_KERNEL_NAMES, registerPoolKernels } from './register-pool-kernels';
export { registerTrainingKernels, TRAINING_KERNEL_NAMES } from './register-training-kernels';
