import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/** Bytes per tick and the tick of a slow MNIST file: a few MB a second. */
const SLOW_CHUNK = 32 * 1024;
const SLOW_TICK_MS = 10;

function sendSlowly(response, bytes) {
  let sent = 0;
  const timer = setInterval(() => {
    response.write(bytes.subarray(sent, sent + SLOW_CHUNK));
    sent += SLOW_CHUNK;
    if (sent >= bytes.length) {
      clearInterval(timer);
      response.end();
    }
  }, SLOW_TICK_MS);
  response.on('close', () => clearInterval(timer));
}

/**
 * Serves the static build `dist` as any static host serves it, with the headers that allow
 * threads, on a free port of 127.0.0.1. `state.slowMnist`, while set, sends MNIST's files slowly,
 * so a download is seen in progress and stopped; `state.mnistStatus`, while set, answers MNIST's
 * files with that HTTP error status instead; `state.swSuffix`, while set, is appended to sw.js, as a
 * new build's service worker.
 */
export async function startStaticServer(dist) {
  const state = { slowMnist: false, mnistStatus: undefined, swSuffix: undefined };
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (state.mnistStatus !== undefined && path.includes('/mnist/')) {
      response.writeHead(state.mnistStatus).end();
      return;
    }
    const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dist + sep) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    let bytes = readFileSync(file);
    if (state.swSuffix !== undefined && path === '/sw.js')
      bytes = Buffer.concat([bytes, Buffer.from(state.swSuffix)]);
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': bytes.length,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    if (state.slowMnist && path.includes('/mnist/')) return sendSlowly(response, bytes);
    response.end(bytes);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, state, url: `http://127.0.0.1:${server.address().port}/` };
}
