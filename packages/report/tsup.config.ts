import { mkdirSync, writeFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import { packageBuild } from '../../tsup.config.base';
import { ASSETS_MODULE, reportAssetsModule, viewsCss } from './build/report-assets.mjs';

/**
 * Gives src/report-assets.ts its real content (the report's IIFE script and CSS as strings, so
 * reportHtml needs no file at run time, in ESM and CJS alike) and writes dist/views.css.
 */
function reportAssets(): Plugin {
  return {
    name: 'mnist-wasm:report-assets',
    setup(build) {
      build.onLoad({ filter: /report-assets\.ts$/ }, async (args) =>
        args.path === ASSETS_MODULE ? { contents: await reportAssetsModule(), loader: 'js' } : null,
      );
      build.onEnd(() => {
        mkdirSync('dist', { recursive: true });
        writeFileSync('dist/views.css', viewsCss());
      });
    },
  };
}

export default packageBuild({
  entry: ['src/index.ts', 'src/node.ts'],
  splitting: true,
  esbuildPlugins: [reportAssets()],
});
