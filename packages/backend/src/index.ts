export {
  BackendError,
  BackendInitError,
  BackendOptionError,
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
export {
  type AdamHyperParameters,
  type AdamSlot,
  type AdamSlotUpdate,
  adamUpdate,
} from './ops/adam-update';
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
