import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin, Rollup } from 'vite';

/** The "browser" field of the package.json nearest to `file`, or undefined. */
function browserFieldOf(file: string): unknown {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).browser;
    } catch {}
  }
  return undefined;
}

/**
 * The Vite plugin of the workspace's browser apps (apps/browser-check, apps/web): fails the build
 * when a bundled module imports a Node built-in that its package does not map away for browsers
 * ("browser": { "fs": false } turns it into an empty module, which is fine). Vite on its own only
 * warns and ships a stub that throws when used.
 */
export function noNodeBuiltins(): Plugin {
  return {
    name: 'mnist-wasm:no-node-builtins',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!isBuiltin(source) || importer === undefined) return null;
      const browser = browserFieldOf(importer);
      const mappedAway =
        typeof browser === 'object' &&
        browser !== null &&
        (browser as Record<string, unknown>)[source] === false;
      if (!mappedAway) {
        this.error(
          `Node built-in "${source}" imported by ${importer} would be in the browser bundle; ` +
            'browser entries must not import Node built-ins (load them lazily on the Node path only).',
        );
      }
      return null;
    },
  };
}

/**
 * A `build.rollupOptions.onwarn` that fails the build on Vite's own warning for an unmapped Node
 * built-in ("externalized for browser compatibility"), in case {@link noNodeBuiltins} missed one.
 */
export function failOnNodeBuiltinWarning(
  warning: Rollup.RollupLog,
  warn: Rollup.LoggingFunction,
): void {
  if (/externalized for browser compatibility/.test(warning.message)) {
    throw new Error(`browser bundle pulls in a Node built-in: ${warning.message}`);
  }
  warn(warning);
}
