// A local HTTP server on 127.0.0.1 for download faults. Every response loop is bounded in bytes
// and time, and `close` ends every connection, so no test leaves a socket or a timer behind.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (name: string, res: ServerResponse, req: IncomingMessage) => void;

export interface FaultServer {
  /** `http://127.0.0.1:PORT/` */
  baseUrl: string;
  /** The file names requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** At most this long for any response loop, whatever the fault. */
export const LOOP_MAX_MS = 30_000;

export async function startServer(handle: Handler): Promise<FaultServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    requests.push(name);
    if (requests.length > 100) {
      res.destroy(); // a client in a retry loop: bounded too
      return;
    }
    handle(name, res, req);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Writes what `next` gives (a piece, or undefined when there is no more), `intervalMs` apart
 * (0: as fast as the client reads), until `maxBytes` or {@link LOOP_MAX_MS}; then ends the response
 * (`end: 'finish'`) or drops the connection (`'destroy'`). Stops when the client goes away.
 */
export function stream(
  res: ServerResponse,
  {
    next,
    intervalMs,
    maxBytes,
    end,
  }: {
    next: (sent: number) => Buffer | undefined;
    intervalMs: number;
    maxBytes: number;
    end: 'finish' | 'destroy';
  },
): void {
  const started = performance.now();
  let sent = 0;
  const finish = (): void => {
    if (end === 'finish') res.end();
    else res.destroy();
  };
  const step = (): void => {
    if (res.destroyed || res.writableEnded) return;
    if (sent >= maxBytes || performance.now() - started > LOOP_MAX_MS) {
      finish();
      return;
    }
    const piece = next(sent)?.subarray(0, maxBytes - sent);
    if (!piece || piece.length === 0) {
      finish();
      return;
    }
    sent += piece.length;
    const go = () => (intervalMs > 0 ? setTimeout(step, intervalMs).unref() : setImmediate(step));
    if (res.write(piece)) go();
    else res.once('drain', go);
  };
  step();
}

/** Pieces of `bytes`, `size` bytes each, for {@link stream}. */
export function piecesOf(bytes: Buffer, size: number): (sent: number) => Buffer | undefined {
  return (sent) => (sent < bytes.length ? bytes.subarray(sent, sent + size) : undefined);
}

/** The same piece forever (bounded by {@link stream}'s limits). */
export function forever(piece: Buffer): () => Buffer {
  return () => piece;
}

/** Sends the whole file at once, as a good server does. */
export function serveFile(res: ServerResponse, bytes: Buffer): void {
  res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': bytes.length });
  res.end(bytes);
}
