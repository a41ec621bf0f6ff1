export {
  BackendError,
  BackendInitError,
  BackendOptionError,
  KernelNotRegisteredError,
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
export { AdamUpdate, type AdamUpdateAttrs } from './kernel-names';
export {
  type AdamHyperParameters,
  type AdamSlot,
  type AdamSlotUpdate,
  adamUpdate,
} from './ops/adam-update';
export { registerAdamUpdate } from './register-adam-update';
export {
  FIXED_KERNEL_NAMES,
  kernelFixesRegistered,
  registerKernelFixes,
  unregisterKernelFixes,
} from './register-kernel-fixes';
export { registerTrainingKernels, TRAINING_KERNEL_NAMES } from './register-training-kernels';
