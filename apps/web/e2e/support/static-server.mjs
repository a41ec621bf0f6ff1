import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/**
 * A slow MNIST file goes out in pieces this large, this far apart: a few MB a second, so a
 * download is seen in progress and little is in flight when the page stops reading.
 */
const PIECE = 32 * 1024;
const PIECE_GAP_MS = 10;

/** Sends `bytes` in paced pieces until the client closes, telling `onSent` the bytes written. */
function sendInPieces(response, bytes, onSent) {
  let closed = false;
  response.on('close', () => {
    closed = true;
  });
  const send = (offset) => {
    if (closed) return;
    const piece = bytes.subarray(offset, offset + PIECE);
    onSent(offset + piece.length);
    if (offset + piece.length >= bytes.length) response.end(piece);
    else response.write(piece, () => setTimeout(() => send(offset + PIECE), PIECE_GAP_MS));
  };
  send(0);
}

/**
 * Serves the static build `dist` as any static host serves it, with the headers that allow
 * threads (none with `isolated: false`, as a host that sends no headers), on a free port of
 * 127.0.0.1. `state.slowMnist`, while set, sends MNIST's files slowly,
 * so a download is seen in progress and stopped, counting in `state.sent` the bytes of each file
 * written until the browser closed the request; `state.mnistStatus`, while set, answers MNIST's
 * files with that HTTP error status instead; `state.swSuffix`, while set, is appended to sw.js, as a
 * new build's service worker.
 */
export async function startStaticServer(dist, { isolated = true } = {}) {
  const state = { slowMnist: false, mnistStatus: undefined, swSuffix: undefined, sent: {} };
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
      ...(isolated && {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      }),
    });
    if (state.slowMnist && path.includes('/mnist/')) {
      const name = basename(path);
      return sendInPieces(response, bytes, (sent) => {
        state.sent[name] = sent;
      });
    }
    response.end(bytes);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, state, url: `http://127.0.0.1:${server.address().port}/` };
}
