// Builds what reportHtml inlines (src/report-assets.ts's real content) and the CSS the package
// ships (dist/views.css). Used by tsup.config.ts and vitest.config.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const uplotDir = dirname(require.resolve('uplot/package.json'));

/** The module src/report-assets.ts stands in for. */
export const ASSETS_MODULE = join(root, 'src', 'report-assets.ts');

/** uPlot's CSS and the views' CSS: dist/views.css, what a page using the views imports. */
export function viewsCss() {
  return [
    readFileSync(join(uplotDir, 'dist', 'uPlot.min.css'), 'utf8'),
    readFileSync(join(root, 'src', 'views', 'views.css'), 'utf8'),
  ].join('\n');
}

/** Makes a text safe inside an HTML `<script>` or `<style>` element. */
function forRawTextElement(text) {
  return text.replace(/<\/(script|style)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * The report's script (an IIFE of src/browser-entry.ts with uPlot, minified) and CSS (views.css
 * and src/report.css), ready to inline.
 */
export async function buildReportAssets() {
  const uplot = JSON.parse(readFileSync(join(uplotDir, 'package.json'), 'utf8'));
  const result = await build({
    entryPoints: [join(root, 'src', 'browser-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    // Licence comments carry URLs; the notice below keeps uPlot's licence without them.
    legalComments: 'none',
    banner: {
      js: `/*! @mnist-wasm/report; includes uPlot ${uplot.version}, MIT License, Copyright (c) Leon Sorokin */`,
    },
    logLevel: 'silent',
  });
  const script = result.outputFiles[0].text;
  const css = [viewsCss(), readFileSync(join(root, 'src', 'report.css'), 'utf8')].join('\n');
  return { script: forRawTextElement(script), css: forRawTextElement(css) };
}

/** src/report-assets.ts's real content: the texts as string literals. */
export async function reportAssetsModule() {
  const { script, css } = await buildReportAssets();
  return `export const reportAssets = { script: ${JSON.stringify(script)}, css: ${JSON.stringify(css)} };\n`;
}
