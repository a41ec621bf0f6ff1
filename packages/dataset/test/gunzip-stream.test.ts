import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type ChunkSource, gunzipStream } from '../src/gunzip-stream';
import { GzipError } from '../src/index';

/** `bytes` in `size`-byte chunks, counting how many were read and whether it was cancelled. */
function chunks(bytes: Uint8Array, size: number) {
  const state = { read: 0, cancelled: false };
  const source: ChunkSource = {
    async read() {
      if (state.cancelled || state.read * size >= bytes.length) return undefined;
      return bytes.subarray(size * state.read, size * ++state.read);
    },
    async cancel() {
      state.cancelled = true;
    },
  };
  return { source, state };
}

/** Random bytes of 4 bits each: they compress to about half, as MNIST's pixels do to a fifth. */
function data(length: number): Uint8Array {
  return randomBytes(length).map((byte) => byte & 0x0f);
}

async function readAll(source: ChunkSource): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let chunk = await source.read(); chunk; chunk = await source.read()) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('gunzipStream', () => {
  it('decompresses a whole stream', async () => {
    const raw = data(300_000);
    const { source } = chunks(gzipSync(raw), 4096);
    expect(Buffer.from(await readAll(gunzipStream(source, 'f.gz'))).equals(raw)).toBe(true);
  });

  it('reads only as much of the source as the output read so far needs', async () => {
    const raw = data(4_000_000);
    const gz = gzipSync(raw);
    const { source, state } = chunks(gz, 16 * 1024);
    const stream = gunzipStream(source, 'f.gz');
    let got = 0;
    while (got < 100_000) got += (await stream.read())!.length;
    await stream.cancel();
    // A tenth of the output needs about a tenth of the input; piping would have read it all.
    expect(state.read * 16 * 1024).toBeLessThan(gz.length / 4);
    expect(state.cancelled).toBe(true);
    expect(await stream.read()).toBeUndefined();
  });

  it('throws GzipError naming the file for corrupt data and for a stream cut short', async () => {
    const corrupt = gunzipStream(
      chunks(Buffer.from('not gzip at all, not at all'), 8).source,
      'x.gz',
    );
    await expect(readAll(corrupt)).rejects.toThrow(GzipError);
    const gz = gzipSync(data(50_000));
    const cut = gunzipStream(chunks(gz.subarray(0, gz.length - 100), 1000).source, 'cut.gz');
    const error = await readAll(cut).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(GzipError);
    expect((error as Error).message).toMatch(/^cut\.gz: corrupt gzip data/);
  });

  it("passes the source's own error on as it is", async () => {
    const failure = new Error('the source broke');
    const gz = gzipSync(data(200_000));
    let reads = 0;
    const source: ChunkSource = {
      async read() {
        if (++reads > 2) throw failure;
        return gz.subarray((reads - 1) * 1024, reads * 1024);
      },
      async cancel() {},
    };
    await expect(readAll(gunzipStream(source, 'f.gz'))).rejects.toBe(failure);
  });
});
