import { expect } from 'vitest';

/** The error `run` throws, failing the test when it throws nothing: for checking its fields. */
export function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  return expect.unreachable('expected an error');
}
