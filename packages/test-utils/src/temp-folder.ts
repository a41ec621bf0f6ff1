import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** The temporary folder of a test file, from {@link useTempFolder}. */
export interface TempFolder {
  /** The folder's path (once the file's `beforeAll` has run). */
  path(): string;
  /** A fresh path inside it, `<name>-<n>`, not yet created. */
  next(name: string): string;
  /**
   * A folder in which no file can be created. Root ignores file modes, so as root it is a sysfs
   * folder, which nobody can add files to; otherwise a folder of mode 555 inside this one.
   */
  unwritable(): Promise<string>;
}

/**
 * A temporary folder for the calling test file, made before its tests and removed after them
 * (with everything in it, read-only folders included).
 */
export function useTempFolder(prefix: string): TempFolder {
  let root = '';
  let count = 0;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await chmod(join(root, 'read-only'), 0o755).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });
  return {
    path: () => root,
    next: (name) => join(root, `${name}-${count++}`),
    async unwritable() {
      if (process.getuid?.() === 0) return '/sys/kernel';
      const dir = join(root, 'read-only');
      await mkdir(dir, { recursive: true });
      await chmod(dir, 0o555);
      return dir;
    },
  };
}
