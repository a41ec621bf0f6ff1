import { BackendError, initWasmBackend, type WasmBackendReport } from '@mnist-wasm/backend';

const report: WasmBackendReport = await initWasmBackend({ requireSimd: true, wasmPaths: '/wasm/' });
const simd: boolean = report.simd;
const error: Error = new BackendError('x');
// @ts-expect-error threads is a number
initWasmBackend({ threads: 'many' });
export { error, simd };
