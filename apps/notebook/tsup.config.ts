import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The command (a small ES module that loads the CommonJS build below), the worker script
    // `sweep` starts (found next to the CLI), and the flag parser the bench shares
    // (`@mnist-wasm/notebook/whole-number`).
    entry: ['src/cli.ts', 'src/sweep-worker.ts', 'src/whole-number.ts'],
    format: ['esm'],
    // The private error pattern is bundled in, as in the packages' builds, so the published app
    // never imports it at run time.
    noExternal: ['@mnist-wasm/errors'],
    dts: { entry: 'src/whole-number.ts' },
    sourcemap: true,
    clean: true,
  },
  {
    // The CLI as CommonJS (see src/cli.ts); `import.meta.url` is shimmed.
    entry: ['src/cli-main.ts'],
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    shims: true,
    noExternal: ['@mnist-wasm/errors'],
    sourcemap: true,
  },
]);
