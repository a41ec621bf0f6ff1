import { describe, expect, it } from 'vitest';
import { urlOptions } from '../src/url-options';

describe('urlOptions', () => {
  it('reads ?threads= as a whole number from 1 to 16, and ignores anything else', () => {
    expect(urlOptions('?threads=2')).toEqual({ threads: 2 });
    for (const bad of ['?threads=0', '?threads=17', '?threads=1.5', '?threads=two', '?threads=']) {
      expect(urlOptions(bad)).toEqual({});
    }
    expect(urlOptions('')).toEqual({});
  });

  it('reads only the known test faults', () => {
    expect(urlOptions('?threads=2&fault=thread-script')).toEqual({
      threads: 2,
      fault: 'thread-script',
    });
    expect(urlOptions('?fault=anything')).toEqual({});
  });
});
