import { DownloadError, GzipError } from './errors';
import { type FetchSettings, openBounded } from './fetch-bounded';
import { fileLimits } from './file-limits';
import type { MnistFile } from './files';
import { type ChunkSource, gunzipStream } from './gunzip-stream';
import { isGzip } from './gzip';
import { mnistPrefixBytes } from './mnist-prefix';

/**
 * The raw start of one MNIST file over HTTP: its header and first `examples` examples
 * (`mnistPrefixBytes(file, examples)` bytes), gunzipped as they arrive when the server sends gzip
 * (a server that decoded the gzip is fine: the first bytes say which). Reading stops, and the
 * request is aborted, once those bytes are in; without `examples`, or with at least the file's
 * count, the whole file is read and must be the original's size.
 *
 * `settings.onProgress` is called as the body's bytes arrive, with the bytes received and the
 * bytes this read takes when known: the Content-Length for a whole gzip file; for the first
 * examples of a gzip file, the Content-Length's share for them (the bytes they take depend on how
 * they compress, so the total is raised to the bytes received when they pass it, and the last
 * call of a read that stops early reports the bytes received as the total); for a server that
 * decoded the gzip, the raw bytes read; undefined for a gzip body without Content-Length (or one
 * the server compressed again).
 *
 * @returns The raw bytes: exactly `mnistPrefixBytes(file, examples)` of them, or `file.size`.
 * @throws DownloadError as `openBounded` does, and when the body ends before the bytes needed,
 *   or a whole raw file passes the original's size; the message names the URL.
 * @throws GzipError for corrupt gzip data, or a whole file that decompresses past the original's
 *   size.
 * @throws `settings.signal`'s reason once it aborts.
 */
export async function fetchMnistFile(
  url: string,
  file: MnistFile,
  examples: number | undefined,
  settings: FetchSettings,
): Promise<Uint8Array> {
  const limits = fileLimits(file, true, Number.POSITIVE_INFINITY);
  const want = examples === undefined ? file.size : mnistPrefixBytes(file, examples);
  const whole = want === file.size;
  const body = await openBounded(url, file.name, limits.compressed, settings);

  let received = 0;
  let gzip = false;
  let head: Uint8Array | undefined;
  const fullLength = body.identity ? body.contentLength : undefined;
  const report = (last: boolean) => {
    let total: number | undefined;
    if (last) total = received;
    else if (!gzip) total = want;
    else if (fullLength !== undefined) total = Math.ceil((fullLength * want) / file.size);
    settings.onProgress?.(
      file.name,
      received,
      total === undefined ? undefined : Math.max(total, received),
    );
  };
  const compressed: ChunkSource = {
    async read() {
      if (head !== undefined) {
        const first = head;
        head = undefined;
        return first;
      }
      const chunk = await body.read();
      if (chunk !== undefined) {
        received += chunk.length;
        report(false);
      }
      return chunk;
    },
    cancel: body.cancel,
  };

  let source: ChunkSource = compressed;
  try {
    // The first two bytes say whether this is gzip; a trickle may bring them one at a time.
    let start: Uint8Array = new Uint8Array(0);
    while (start.length < 2) {
      const chunk = await body.read();
      if (chunk === undefined) break;
      received += chunk.length;
      start = start.length === 0 ? chunk : joined(start, chunk);
    }
    gzip = isGzip(start);
    report(false);
    head = start;
    if (gzip) source = gunzipStream(compressed, url);

    const out = new Uint8Array(want);
    let filled = 0;
    for (;;) {
      const chunk = await source.read();
      if (chunk === undefined) break;
      if (filled + chunk.length > want) {
        if (whole) throw tooLarge(url, file, gzip, limits.raw.why);
        out.set(chunk.subarray(0, want - filled), filled);
        filled = want;
      } else {
        out.set(chunk, filled);
        filled += chunk.length;
      }
      if (!whole && filled === want) break;
    }
    if (filled < want) {
      throw new DownloadError(
        url,
        `${url} holds ${filled} bytes${gzip ? ' once decompressed' : ''}, but the original ${file.name} is ${file.size} bytes${whole ? '' : ` and its first ${want} bytes were needed`}; check the baseUrl option (it must be the folder holding the MNIST files).`,
      );
    }
    if (!whole) {
      await source.cancel();
      report(true);
    }
    return out;
  } catch (error) {
    await source.cancel();
    settings.signal?.throwIfAborted();
    throw error;
  }
}

function tooLarge(url: string, file: MnistFile, gzip: boolean, why: string): Error {
  if (gzip) {
    const reason = `${why}; check the baseUrl option`;
    return new GzipError(
      url,
      `${url}: decompresses to more than ${file.size} bytes, so decompression was stopped (${reason}).`,
      { limit: { bytes: file.size, why: reason } },
    );
  }
  return new DownloadError(
    url,
    `${url} holds more than ${file.size} bytes, but the original ${file.name} is ${file.size} bytes; check the baseUrl option (it must be the folder holding the MNIST files).`,
  );
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
