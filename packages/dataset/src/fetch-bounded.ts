import { concatBytes } from './concat-bytes';
import { DatasetError, DownloadError } from './errors';
import type { SizeLimit } from './file-limits';

/** Called as a download progresses: file name, bytes received so far, total bytes when the server says. */
export type DownloadProgressCallback = (
  file: string,
  received: number,
  total: number | undefined,
) => void;

/**
 * Default idle timeout of a download: 30 seconds without an answer or without new bytes. A slow
 * but steady transfer may take longer as a whole.
 */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * The least progress that keeps a download alive: a body that brings fewer bytes within an idle
 * timeout counts as stalled, so a trickle of a few bytes at a time cannot hold a download open
 * forever, while any link fast enough to be useful is never failed.
 */
export const MIN_PROGRESS_BYTES = 1024;

/** How one file is fetched. */
export interface FetchSettings {
  /**
   * Most milliseconds to wait for the answer, or for the next {@link MIN_PROGRESS_BYTES} bytes of
   * the body.
   */
  readonly idleTimeoutMs: number;
  readonly onProgress: DownloadProgressCallback | undefined;
  /** Aborts the fetch: it then rejects with the signal's `reason`, as `fetch` does. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * A response body being read under the bounds of {@link openBounded}: chunk by chunk, and
 * stoppable at any point, so a reader that needs only the start of a file reads no further.
 */
export interface BoundedBody {
  /** The Content-Length the server announced (at most the limit), or undefined without one. */
  readonly contentLength: number | undefined;
  /**
   * Whether the body arrives as the server sent it (no Content-Encoding): only then does the
   * Content-Length count the bytes {@link BoundedBody.read} returns.
   */
  readonly identity: boolean;
  /**
   * The next chunk, or undefined once the body has ended.
   *
   * @throws DownloadError for a dropped connection, no {@link MIN_PROGRESS_BYTES} bytes within the
   *   idle timeout, a body past the limit, longer than its Content-Length or ending short of it;
   *   the message names the URL. The signal's reason once it aborts.
   */
  read(): Promise<Uint8Array | undefined>;
  /** Stops the transfer: cancels the body and aborts the request. Safe to call more than once. */
  cancel(): Promise<void>;
}

/**
 * Requests `url` and returns its body to read chunk by chunk. Memory stays bounded: a
 * Content-Length above `limit` is refused before reading, and reading stops as soon as the body
 * passes `limit`. The timeout is an idle one, so a slow but steady link completes while a stalled
 * one fails; a body that brings fewer than {@link MIN_PROGRESS_BYTES} bytes within the timeout
 * counts as stalled. The caller must read the body to its end or {@link BoundedBody.cancel} it.
 *
 * @throws DownloadError for an HTTP error status, a refused connection, no answer within
 *   `idleTimeoutMs`, or a Content-Length above `limit`; the message names the URL.
 *   `settings.signal`'s reason once it aborts.
 */
export async function openBounded(
  url: string,
  name: string,
  limit: SizeLimit,
  settings: FetchSettings,
): Promise<BoundedBody> {
  const { signal } = settings;
  signal?.throwIfAborted();
  const controller = new AbortController();
  const abort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abort, { once: true });
  const release = () => signal?.removeEventListener('abort', abort);
  try {
    return await openBody(url, name, limit, settings, controller, release);
  } catch (error) {
    release();
    signal?.throwIfAborted();
    throw error;
  }
}

/** {@link openBounded} with `controller` aborting the request: on the idle timeout, or by the caller. */
async function openBody(
  url: string,
  name: string,
  limit: SizeLimit,
  settings: FetchSettings,
  controller: AbortController,
  release: () => void,
): Promise<BoundedBody> {
  const { signal, idleTimeoutMs } = settings;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle = false;
  const arm = () => {
    timer = setTimeout(() => {
      idle = true;
      controller.abort();
    }, idleTimeoutMs);
  };
  const disarm = () => clearTimeout(timer);
  const fail = (what: string, cause: unknown) =>
    new DownloadError(url, `Could not download ${url}: ${what}.`, { cause });

  let response: Response;
  arm();
  try {
    response = await fetch(url, { signal: controller.signal });
  } catch (cause) {
    throw fail(describeFailure(cause, idle, idleTimeoutMs, 'an answer'), cause);
  } finally {
    disarm();
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(
      url,
      `Could not download ${url}: HTTP ${response.status} ${response.statusText}; check the baseUrl option (it must be the folder holding ${name}.gz).`,
      { status: response.status },
    );
  }
  const lengthHeader = response.headers.get('content-length');
  const contentLength = lengthHeader === null ? undefined : Number(lengthHeader);
  if (contentLength !== undefined && contentLength > limit.bytes) {
    await response.body.cancel().catch(() => undefined);
    throw fail(
      `the server announces ${contentLength} bytes (Content-Length), more than the limit of ${limit.bytes} bytes (${limit.why}); nothing was read`,
      undefined,
    );
  }
  // With a Content-Encoding, fetch decodes the body, so its length is not the one announced.
  const identity = (response.headers.get('content-encoding') ?? 'identity') === 'identity';
  const announced =
    identity && contentLength !== undefined && Number.isSafeInteger(contentLength)
      ? contentLength
      : undefined;
  const reader = response.body.getReader();
  let received = 0;
  // Bytes since the idle timer was last armed: it is re-armed only once enough have come.
  let progress = 0;
  let over = false;
  const stop = async () => {
    if (over) return;
    over = true;
    disarm();
    release();
    // Cancelling the body may not close the connection of a server that keeps sending; the
    // abort does.
    await reader.cancel().catch(() => undefined);
    controller.abort();
  };
  arm();

  const read = async (): Promise<Uint8Array | undefined> => {
    if (over) return undefined;
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (cause) {
      if (over) return undefined; // cancelled by the caller meanwhile: nothing more to say
      await stop();
      signal?.throwIfAborted();
      const of = contentLength === undefined ? '' : ` of ${contentLength}`;
      throw fail(
        `the transfer broke off after ${received}${of} bytes (${describeFailure(cause, idle, idleTimeoutMs, 'more data')}); try again`,
        cause,
      );
    }
    if (over) return undefined;
    if (chunk.done) {
      await stop();
      if (announced !== undefined && received < announced) {
        throw fail(
          `the body ended after ${received} of the ${announced} bytes announced; try again`,
          undefined,
        );
      }
      return undefined;
    }
    const { value } = chunk;
    if (received + value.length > (announced ?? limit.bytes)) {
      await stop();
      throw fail(
        announced !== undefined
          ? `the body is longer than the ${announced} bytes its Content-Length announced`
          : `the body passed the limit of ${limit.bytes} bytes (${limit.why}), so the download was stopped there`,
        undefined,
      );
    }
    received += value.length;
    progress += value.length;
    if (progress >= MIN_PROGRESS_BYTES) {
      disarm();
      arm();
      progress = 0;
    }
    return value;
  };
  return { contentLength, identity, read, cancel: stop };
}

/**
 * Fetches `url` whole into memory, handing each chunk to `sink` as it arrives, and returns the
 * body, under the bounds of {@link openBounded}. `settings.onProgress` is told the bytes received
 * and the Content-Length after each chunk.
 *
 * @throws DownloadError for an HTTP error status, a refused or dropped connection, no bytes for
 *   `idleTimeoutMs`, or a body larger than `limit`; the message names the URL. What `sink` throws
 *   is passed on when it is a `DatasetError`; `settings.signal`'s reason once it aborts.
 */
export async function fetchBounded(
  url: string,
  name: string,
  limit: SizeLimit,
  settings: FetchSettings,
  sink: (chunk: Uint8Array) => Promise<void>,
): Promise<Uint8Array> {
  const body = await openBounded(url, name, limit, settings);
  const { contentLength } = body;
  // A Content-Length within the limit is allocated once, so the body is never held twice; not
  // when the server set a Content-Encoding, since fetch then decodes and the length differs.
  const whole =
    contentLength !== undefined && Number.isSafeInteger(contentLength) && body.identity
      ? new Uint8Array(contentLength)
      : undefined;
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const value = await body.read();
      if (value === undefined) break;
      if (whole) whole.set(value, received);
      else chunks.push(value);
      received += value.length;
      await sink(value);
      settings.onProgress?.(name, received, contentLength);
    }
  } catch (cause) {
    await body.cancel();
    settings.signal?.throwIfAborted();
    if (cause instanceof DatasetError) throw cause;
    throw new DownloadError(
      url,
      `Could not download ${url}: the transfer broke off after ${received} bytes (${describeFailure(cause, false, settings.idleTimeoutMs, 'more data')}); try again.`,
      { cause },
    );
  }
  return whole ?? concatBytes(chunks, received);
}

function describeFailure(
  cause: unknown,
  idle: boolean,
  idleTimeoutMs: number,
  waitingFor: string,
): string {
  if (idle) {
    return waitingFor === 'an answer'
      ? `no answer for ${idleTimeoutMs} ms (raise the timeoutMs option on slow or congested connections)`
      : `less than ${MIN_PROGRESS_BYTES} bytes of data in ${idleTimeoutMs} ms (raise the timeoutMs option on slow or congested connections)`;
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
