/**
 * Whether the tab's plan runs the backend's WebAssembly SIMD kernels rather than their plain
 * JavaScript twins: the same test as `convKernelsUseSimd()` of `@mnist-wasm/backend`, made from
 * outside the worker's bundle through TF.js's globals (the 'wasm' backend active with the Conv2D
 * kernels registered, its memory exported and not shared, WebAssembly SIMD validating).
 */
export async function planKernelsInTab(page) {
  for (const worker of page.workers()) {
    const found = await worker
      .evaluate(() => {
        const engine = self._tfengine;
        if (engine === undefined) return undefined;
        const kernels = self._tfGlobals?.get('kernelRegistry');
        const memory = engine.registry.wasm?.wasm?.asm?.memory;
        // The smallest module with a v128 instruction: what SIMD support checks validate.
        const simd = new Uint8Array([
          0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0,
          253, 15, 253, 98, 11,
        ]);
        const checks = {
          'the wasm backend is active': engine.backendName === 'wasm',
          'ConvForward and ConvBackward are registered':
            kernels?.has('wasm_ConvForward') && kernels?.has('wasm_ConvBackward'),
          'the backend exports its memory': memory instanceof WebAssembly.Memory,
          'the memory is not shared (not the threaded binary)': !(
            typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer
          ),
          'WebAssembly SIMD validates': WebAssembly.validate(simd),
        };
        return Object.entries(checks)
          .filter(([, ok]) => !ok)
          .map(([check]) => check);
      })
      .catch(() => undefined);
    if (found !== undefined) return { simd: found.length === 0, failed: found };
  }
  return { simd: false, failed: ['no worker of the page runs TensorFlow.js'] };
}
