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
 * Fetches `url` whole into memory, handing each chunk to `sink` as it arrives, and returns the
 * body. Memory stays bounded: a Content-Length above `limit` is refused before reading, and
 * reading stops as soon as the body passes `limit`. The timeout is an idle one, so a slow but
 * steady link completes while a stalled one fails; a body that brings fewer than
 * {@link MIN_PROGRESS_BYTES} bytes within the timeout counts as stalled.
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
  const { signal } = settings;
  signal?.throwIfAborted();
  const controller = new AbortController();
  const abort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    return await fetchBody(url, name, limit, settings, sink, controller);
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/** {@link fetchBounded} with `controller` aborting the request: on the idle timeout, or by the caller. */
async function fetchBody(
  url: string,
  name: string,
  limit: SizeLimit,
  settings: FetchSettings,
  sink: (chunk: Uint8Array) => Promise<void>,
  controller: AbortController,
): Promise<Uint8Array> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle = false;
  const arm = () => {
    timer = setTimeout(() => {
      idle = true;
      controller.abort();
    }, settings.idleTimeoutMs);
  };
  const disarm = () => clearTimeout(timer);
  const fail = (what: string, cause: unknown) =>
    new DownloadError(url, `Could not download ${url}: ${what}.`, { cause });

  let response: Response;
  arm();
  try {
    response = await fetch(url, { signal: controller.signal });
  } catch (cause) {
    throw fail(describeFailure(cause, idle, settings.idleTimeoutMs, 'an answer'), cause);
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
  const total = lengthHeader === null ? undefined : Number(lengthHeader);
  if (total !== undefined && total > limit.bytes) {
    await response.body.cancel().catch(() => undefined);
    throw fail(
      `the server announces ${total} bytes (Content-Length), more than the limit of ${limit.bytes} bytes (${limit.why}); nothing was read`,
      undefined,
    );
  }

  // A Content-Length within the limit is allocated once, so the body is never held twice; not
  // when the server set a Content-Encoding, since fetch then decodes and the length differs.
  const encoding = response.headers.get('content-encoding') ?? 'identity';
  const whole =
    total !== undefined && Number.isSafeInteger(total) && encoding === 'identity'
      ? new Uint8Array(total)
      : undefined;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  // Bytes since the idle timer was last armed: it is re-armed only once enough have come.
  let progress = 0;
  try {
    arm();
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      const { value } = chunk;
      if (received + value.length > (whole?.length ?? limit.bytes)) {
        await reader.cancel().catch(() => undefined);
        throw fail(
          whole
            ? `the body is longer than the ${whole.length} bytes its Content-Length announced`
            : `the body passed the limit of ${limit.bytes} bytes (${limit.why}), so the download was stopped there`,
          undefined,
        );
      }
      if (whole) whole.set(value, received);
      else chunks.push(value);
      received += value.length;
      progress += value.length;
      if (progress >= MIN_PROGRESS_BYTES) {
        disarm();
        arm();
        progress = 0;
      }
      await sink(value);
      settings.onProgress?.(name, received, total);
    }
  } catch (cause) {
    disarm();
    await reader.cancel().catch(() => undefined);
    if (cause instanceof DatasetError) throw cause;
    const of = total === undefined ? '' : ` of ${total}`;
    throw fail(
      `the transfer broke off after ${received}${of} bytes (${describeFailure(cause, idle, settings.idleTimeoutMs, 'more data')}); try again`,
      cause,
    );
  }
  disarm();
  if (whole && received < whole.length) {
    throw fail(
      `the body ended after ${received} of the ${whole.length} bytes announced; try again`,
      undefined,
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
