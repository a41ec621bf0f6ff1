import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The default download cache of `loadMnist`: `$XDG_CACHE_HOME/mnist-wasm` when that variable holds
 * an absolute path (as the XDG spec requires), else `~/.cache/mnist-wasm`. The folder is created on
 * the first download, not here.
 *
 * @returns An absolute path.
 *
 * @example
 * ```ts
 * import { defaultCacheDir } from '@mnist-wasm/dataset/node';
 * defaultCacheDir(); // e.g. '/home/me/.cache/mnist-wasm'
 * ```
 */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  return join(base, 'mnist-wasm');
}
