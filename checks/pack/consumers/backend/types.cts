import backend = require('@mnist-wasm/backend');

const pending: Promise<backend.WasmBackendReport> = backend.initWasmBackend();
// @ts-expect-error wasmPaths is a string or a map of the binaries
backend.initWasmBackend({ wasmPaths: 42 });
export = pending;
