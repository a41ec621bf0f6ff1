import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { browserAppConfig } from '../../vite.browser-app';

const app = browserAppConfig(import.meta.url, { workers: true, crossOriginIsolated: true });

/** The page's accent and background (styles.css' `--accent`, `--bg`), for the installed app. */
const THEME_COLOR = '#2f6fde';
const BACKGROUND_COLOR = '#f7f8fa';

/**
 * The service worker (Workbox `generateSW`, written as `sw.js` beside index.html) and the web app
 * manifest, so a second visit opens and trains offline and the page can be installed.
 */
const serviceWorker = VitePWA({
  // Takes over as soon as a new build's worker is installed, without reloading the page: a run
  // in progress keeps going on the code it started with, and the next load gets the new build.
  registerType: 'autoUpdate',
  // src/service-worker-registration.ts registers it (no workbox-window: its autoUpdate reloads
  // the page when the new worker takes over, which would end a run in progress).
  injectRegister: false,
  manifest: {
    name: 'MNIST in the browser',
    short_name: 'MNIST',
    description:
      "The Keras MNIST notebook, trained in a Web Worker on TensorFlow.js's SIMD WebAssembly backend; draw a digit and a convnet reads it.",
    id: './',
    start_url: './',
    scope: './',
    display: 'standalone',
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // The app shell: the page, its scripts (the worker chunk with TF.js and the pretrained
    // weights too), styles and the two binaries TF.js may load with one thread (SIMD, and plain
    // for browsers without SIMD); the manifest and its icons are added by the plugin. The threaded
    // binary is never loaded (the worker asks for one thread), and MNIST is cached at run time
    // instead (below).
    globPatterns: ['**/*.{html,js,css}', 'wasm/*.wasm'],
    // The helper threads' script (TF.js bundled again, about 660 kB) is left to run time too: the
    // page trains on one thread unless ?threads=N asks for more, so most visits never load it.
    globIgnores: ['wasm/*-threaded-*.wasm', 'mnist/**', 'assets/training-thread-*.js'],
    // Workbox leaves a file over this limit out of the precache with only a warning, and the page
    // would then fail offline (check:web fails if a script or the SIMD binary is missing from the
    // precache). The worker chunk, with TF.js and the pretrained weights, is the largest file, under
    // Workbox's default of 2 MiB; the limit is set here, above it, so that growing past it is a
    // deliberate change of this line rather than a silent loss of offline use.
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    // One file: the Workbox runtime bundled into sw.js, nothing from a CDN, nothing else to serve
    // uncached.
    inlineWorkboxRuntime: true,
    skipWaiting: true,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    navigateFallback: 'index.html',
    runtimeCaching: [
      {
        // The helper threads' script, once a run on several threads loaded it: such runs then work
        // offline too. Only the newest build's is kept.
        urlPattern: /\/assets\/training-thread-[^/]+\.js$/,
        handler: 'CacheFirst',
        options: {
          cacheName: 'mnist-wasm-threads',
          cacheableResponse: { statuses: [200] },
          expiration: { maxEntries: 1 },
        },
      },
      {
        // MNIST's four files, as a run fetches them: kept after the first full download, so a
        // later visit trains offline on what an earlier one downloaded. Not precached: 11.5 MB
        // that a visitor who only draws never asked for.
        urlPattern: /\/mnist\/[^/]+\.gz$/,
        handler: 'CacheFirst',
        options: {
          cacheName: 'mnist-wasm-mnist',
          cacheableResponse: { statuses: [200] },
        },
      },
    ],
  },
});

export default defineConfig({ ...app, plugins: [...(app.plugins ?? []), serviceWorker] });
