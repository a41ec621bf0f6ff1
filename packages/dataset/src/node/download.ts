import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChecksumError, DownloadError, GzipError } from '../errors';
import type { MnistFile } from '../files';
import { decodeDataFile } from './decode-data-file';

/** Called as a download progresses: file name, bytes received so far, total bytes when the server says. */
export type DownloadProgressCallback = (
  file: string,
  received: number,
  total: number | undefined,
) => void;

/** Where and how to download; all fields resolved by the caller. */
export interface DownloadSettings {
  readonly baseUrl: string;
  readonly cacheDir: string;
  readonly timeoutMs: number;
  readonly verify: boolean;
  readonly onProgress: DownloadProgressCallback | undefined;
}

/**
 * Returns the raw IDX bytes of `file`, from `cacheDir/NAME.gz` when a cached copy passes the checks,
 * otherwise downloaded from `baseUrl/NAME.gz`, checked, and then cached. The cache is written to
 * a temporary file in the same folder and renamed into place, so it only ever holds complete,
 * checked files.
 */
export async function downloadDataFile(
  file: MnistFile,
  settings: DownloadSettings,
): Promise<{ path: string; bytes: Uint8Array }> {
  const cachePath = join(settings.cacheDir, `${file.name}.gz`);
  const expected = settings.verify ? file : undefined;
  const cached = await readCached(cachePath, expected);
  if (cached) return { path: cachePath, bytes: cached };

  const url = new URL(`${file.name}.gz`, withTrailingSlash(settings.baseUrl)).href;
  const gzBytes = await fetchBytes(url, file.name, settings);
  const bytes = await decodeDataFile(gzBytes, url, expected);
  await writeAtomically(cachePath, gzBytes);
  return { path: url, bytes };
}

/** The cached file decoded, or undefined when absent or failing the checks (it is then deleted). */
async function readCached(
  cachePath: string,
  expected: MnistFile | undefined,
): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(cachePath);
  } catch {
    return undefined;
  }
  try {
    return await decodeDataFile(bytes, cachePath, expected);
  } catch (error) {
    if (!(error instanceof ChecksumError || error instanceof GzipError)) throw error;
    // A damaged cache entry (disk error, manual edit) is fetched again rather than reported.
    await rm(cachePath, { force: true });
    return undefined;
  }
}

async function fetchBytes(
  url: string,
  name: string,
  settings: DownloadSettings,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(settings.timeoutMs) });
  } catch (cause) {
    throw new DownloadError(
      url,
      `Could not download ${url}: ${describeFailure(cause, settings)}.`,
      {
        cause,
      },
    );
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new DownloadError(
      url,
      `Could not download ${url}: HTTP ${response.status} ${response.statusText}; check the baseUrl option (it must be the folder holding ${name}.gz).`,
      { status: response.status },
    );
  }
  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader === null ? undefined : Number(lengthHeader);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      settings.onProgress?.(name, received, total);
    }
  } catch (cause) {
    const of = total === undefined ? '' : ` of ${total}`;
    throw new DownloadError(
      url,
      `Could not download ${url}: the transfer broke off after ${received}${of} bytes (${describeFailure(cause, settings)}); try again.`,
      { cause },
    );
  }
  return concat(chunks, received);
}

function describeFailure(cause: unknown, settings: DownloadSettings): string {
  if (cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
    return `no complete answer within ${settings.timeoutMs} ms (raise the timeoutMs option on slow connections)`;
  }
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  const code = (inner as { code?: unknown } | undefined)?.code;
  if (code === 'ECONNREFUSED')
    return 'connection refused (ECONNREFUSED); check that the server is running and the baseUrl port';
  if (code === 'ENOTFOUND')
    return 'host not found (ENOTFOUND); check the baseUrl option and the network';
  const message = inner instanceof Error ? inner.message : String(inner);
  return typeof code === 'string' ? `${message} (${code})` : message;
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
