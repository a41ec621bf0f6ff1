// The bytes of one of this package's assembled WebAssembly modules as a commit had them, or as the
// working tree has them: the before/after benches instantiate both on one memory.
import { execFileSync } from 'node:child_process';

const root = new URL('../../../', import.meta.url).pathname;

/**
 * The module bytes in `generated` (a path from the repo root, e.g.
 * `packages/backend/src/wat/conv-simd-loops.generated.ts`) at git `ref`, or in the working tree
 * for `ref` = 'work'.
 */
export function moduleBytesAt(generated, ref) {
  const text =
    ref === 'work'
      ? execFileSync('cat', [generated], { cwd: root, encoding: 'utf8' })
      : execFileSync('git', ['show', `${ref}:${generated}`], { cwd: root, encoding: 'utf8' });
  return new Uint8Array(
    text
      .slice(text.indexOf('new Uint8Array(['))
      .match(/0x[0-9a-f]{2}/g)
      .map((hex) => Number.parseInt(hex, 16)),
  );
}
