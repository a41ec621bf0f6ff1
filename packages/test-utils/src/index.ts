export { useCpuBackend } from './cpu-backend';
export { setupWasmMnist } from './wasm-mnist';
export { weightValues } from './weights';
