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
} from './init_wasm_backend';
export {
  FIXED_KERNEL_NAMES,
  kernelFixesRegistered,
  registerKernelFixes,
  unregisterKernelFixes,
} from './register_kernel_fixes';
