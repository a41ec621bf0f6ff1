import type { UserConfig } from 'vite';
import { mnistWasmAssets } from './vite.mnist-wasm-assets';
import { failOnNodeBuiltinWarning, noNodeBuiltins } from './vite.no-node-builtins';

/** Options of {@link browserAppConfig}. */
export interface BrowserAppOptions {
  /** Module Web Workers in the bundle (`new Worker(new URL(...), { type: 'module' })`). */
  workers?: boolean;
  /** Cross-origin isolation headers on the dev and preview servers, so WASM may use threads. */
  crossOriginIsolated?: boolean;
}

/** Cross-origin isolation, so the WASM backend may use threads (SharedArrayBuffer). */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The Vite config of the workspace's browser apps (apps/web, apps/browser-check): a relative
 * base, no Node built-ins in the bundle, the WASM binaries and MNIST files in the build (see
 * {@link mnistWasmAssets}), ES2022 into dist/.
 *
 * @param app - The app's `import.meta.url` (of its vite.config.ts).
 */
export function browserAppConfig(app: string, options: BrowserAppOptions = {}): UserConfig {
  const headers = options.crossOriginIsolated ? ISOLATION_HEADERS : undefined;
  return {
    base: './',
    plugins: [noNodeBuiltins(), mnistWasmAssets(app)],
    ...(options.workers && { worker: { format: 'es', plugins: () => [noNodeBuiltins()] } }),
    ...(headers && { server: { headers }, preview: { headers } }),
    // The packages' errors take their `name` from their class (`new.target.name`), which
    // minifying would shorten to a meaningless letter or two in every status line.
    esbuild: { keepNames: true },
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: true,
      // TF.js is large and one chunk; bundle size is measured by the apps' checks instead.
      chunkSizeWarningLimit: 4096,
      rollupOptions: { onwarn: failOnNodeBuiltinWarning },
    },
  };
}
