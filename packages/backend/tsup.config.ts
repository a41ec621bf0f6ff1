import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // The private error pattern is bundled in, code and types, so it is never a run-time dependency.
  noExternal: ['@mnist-wasm/errors'],
  dts: { resolve: ['@mnist-wasm/errors'] },
  sourcemap: true,
  clean: true,
  // import.meta.url (used on the Node path to find the .wasm files) also in the CJS build.
  shims: true,
});
