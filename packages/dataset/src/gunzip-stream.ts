import { GzipError } from './errors';

/** Chunks read one at a time, and a way to stop reading before the end. */
export interface ChunkSource {
  /** The next chunk, or undefined at the end. */
  read(): Promise<Uint8Array | undefined>;
  /** Stops the source; safe to call more than once. */
  cancel(): Promise<void>;
}

/**
 * Decompresses gzip as it arrives, with the standard `DecompressionStream` (browsers, workers,
 * Node 18+): each read of the result feeds `compressed` to the decompressor one chunk at a time,
 * only until output comes out, so a reader that stops early (`cancel`) has not read the rest.
 * (Piping into the decompressor would not do: Node's pulls the whole input as fast as it comes.)
 * Multi-member gzip is read as one stream; whether bytes after the last member are refused is up
 * to the platform's decompressor.
 *
 * @param compressed - The gzip bytes, in chunks (e.g. a response body).
 * @param file - The file's name or URL, used in error messages.
 * @returns The decompressed bytes in chunks; its `cancel` cancels `compressed` too.
 *   Its `read` throws GzipError for corrupt gzip data (or a stream cut short), and passes on what
 *   `compressed.read` throws as it is.
 */
export function gunzipStream(compressed: ChunkSource, file: string): ChunkSource {
  const decompressor = new DecompressionStream('gzip') as ReadableWritablePair<
    Uint8Array,
    Uint8Array
  >;
  const writer = decompressor.writable.getWriter();
  const reader = decompressor.readable.getReader();
  // The chunk being fed, kept across reads: the decompressor may take it only once its output
  // has been read.
  let feeding: Promise<'fed'> | undefined;
  let stopped = false;
  const feed = async (): Promise<'fed'> => {
    let chunk: Uint8Array | undefined;
    try {
      chunk = await compressed.read();
    } catch (error) {
      throw new SourceError(error);
    }
    if (chunk === undefined) {
      await writer.close();
      // Nothing more to feed: the output ends once the decompressor has flushed.
      return new Promise<'fed'>(() => undefined);
    }
    await writer.write(chunk);
    return 'fed';
  };
  const cancel = async () => {
    if (stopped) return;
    stopped = true;
    await reader.cancel().catch(() => undefined);
    await writer.abort().catch(() => undefined);
    await compressed.cancel();
  };
  return {
    async read() {
      if (stopped) return undefined;
      const output = reader.read();
      try {
        for (;;) {
          feeding ??= feed();
          const next = await Promise.race([output, feeding]);
          if (next === 'fed') feeding = undefined;
          else return next.done ? undefined : next.value;
        }
      } catch (cause) {
        output.catch(() => undefined);
        feeding?.catch(() => undefined);
        await cancel();
        if (cause instanceof SourceError) throw cause.error;
        throw new GzipError(
          file,
          `${file}: corrupt gzip data (${cause instanceof Error ? cause.message : String(cause)}); fetch the file again, and check that the server sends the file as it is.`,
          { cause },
        );
      }
    },
    cancel,
  };
}

/** What the compressed source threw, told apart from the decompressor's errors. */
class SourceError {
  constructor(readonly error: unknown) {}
}
