import { describe, expect, it } from 'vitest';
import { pageThreads } from '../src/worker/thread-count';

const isolated = { crossOriginIsolated: true, nestedWorkers: true, requested: undefined };

describe('pageThreads', () => {
  it('trains on one thread unless the URL asks for more', () => {
    expect(pageThreads(isolated)).toEqual({ threads: 1, oneThreadWhy: null });
  });

  it('takes the threads asked for in the URL, above the default too', () => {
    expect(pageThreads({ ...isolated, requested: 8 }).threads).toBe(8);
    expect(pageThreads({ ...isolated, requested: 1 })).toEqual({
      threads: 1,
      oneThreadWhy: null,
    });
  });

  it('says why one thread without isolation, naming the two headers', () => {
    const { threads, oneThreadWhy } = pageThreads({
      ...isolated,
      crossOriginIsolated: false,
      requested: 2,
    });
    expect(threads).toBe(1);
    expect(oneThreadWhy).toMatch(/not cross-origin isolated/);
    expect(oneThreadWhy).toMatch(/Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy/);
  });

  it('says why one thread where a worker cannot start workers', () => {
    expect(pageThreads({ ...isolated, nestedWorkers: false, requested: 4 }).oneThreadWhy).toMatch(
      /cannot start workers from a worker/,
    );
  });
});
