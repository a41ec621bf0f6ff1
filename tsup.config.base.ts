import { defineConfig, type Options } from 'tsup';

/**
 * The build every published package shares: ESM and CommonJS with `.d.ts` files, and the private
 * error pattern (`@mnist-wasm/errors`) bundled in, code and types, so that it is never a run-time
 * dependency. A package names its entries, and what its entries need on top.
 */
export function packageBuild(
  options: Pick<Options, 'entry' | 'splitting' | 'shims' | 'esbuildPlugins'>,
) {
  return defineConfig({
    format: ['esm', 'cjs'],
    noExternal: ['@mnist-wasm/errors'],
    dts: { resolve: ['@mnist-wasm/errors'] },
    sourcemap: true,
    clean: true,
    ...options,
  });
}
