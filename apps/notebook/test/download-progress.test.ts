import { describe, expect, it } from 'vitest';
import { createDownloadProgress } from '../src/download-progress';

/** A stream that keeps what is written, a terminal or not. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  const fake = { isTTY, write: (text: string) => written.push(text) > 0 };
  return { fake: fake as unknown as NodeJS.WriteStream, written };
}

describe('createDownloadProgress', () => {
  it('prints a line per file at each tenth when not on a terminal', () => {
    const { fake, written } = stream(false);
    const progress = createDownloadProgress(fake);
    for (let got = 0; got <= 1_000_000; got += 50_000) progress('a.gz', got, 1_000_000);
    expect(written).toHaveLength(11);
    expect(written[0]).toBe('downloading a.gz  0.0 of 1.0 MB  0%\n');
    expect(written[5]).toBe('downloading a.gz  0.5 of 1.0 MB  50%\n');
    expect(written[10]).toBe('downloading a.gz  1.0 of 1.0 MB  100%\n');
  });

  it('redraws one line on a terminal, ending it when the file is complete', () => {
    const { fake, written } = stream(true);
    const progress = createDownloadProgress(fake);
    progress('b.gz', 0, 2_000_000);
    progress('b.gz', 2_000_000, 2_000_000);
    expect(written).toEqual([
      '\rdownloading b.gz  0.0 of 2.0 MB  0%\u001b[K',
      '\rdownloading b.gz  2.0 of 2.0 MB  100%\u001b[K\n',
    ]);
  });

  it('counts megabytes when the size is not known', () => {
    const { fake, written } = stream(false);
    createDownloadProgress(fake)('c.gz', 6_000_000, undefined);
    expect(written).toEqual(['downloading c.gz  6.0 MB\n']);
  });
});
