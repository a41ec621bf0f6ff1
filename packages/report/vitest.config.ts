import { defineConfig } from 'vitest/config';
import { ASSETS_MODULE, reportAssetsModule } from './build/report-assets.mjs';

// The tests see src/report-assets.ts with its real content, as the build makes it.
export default defineConfig({
  plugins: [
    {
      name: 'mnist-wasm:report-assets',
      enforce: 'pre',
      async load(id) {
        return id === ASSETS_MODULE ? reportAssetsModule() : null;
      },
    },
  ],
});
