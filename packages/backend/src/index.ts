export {
  type AdamHyperParameters,
  type AdamSlot,
  type AdamSlotUpdate,
  AdamUpdateError,
  adamUpdate,
  registerAdamUpdate,
} from './adam-update';
export {
  SimdUnsupportedError,
  WasmBackendError,
  WasmBackendInitError,
  WasmBackendOptionError,
  WasmFilesNotFoundError,
} from './errors';
export {
  type InitWasmBackendOptions,
  initWasmBackend,
  type WasmBackendReport,
  type WasmBinaryName,
} from './init-wasm-backend';
export { AdamUpdate, type AdamUpdateAttrs } from './kernels/AdamUpdate';
export {
  FIXED_KERNEL_NAMES,
  kernelFixesRegistered,
  registerKernelFixes,
  unregisterKernelFixes,
} from './register-kernel-fixes';
