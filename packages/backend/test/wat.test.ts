import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleWat, generatedModule, readWat, watParts } from '../build/assemble-wat.mjs';
import { wasmBytes as adamSimdLoopBytes } from '../src/wat/adam-simd-loop.generated';
import { wasmBytes as poolSimdLoopsBytes } from '../src/wat/pool-simd-loops.generated';

const watDir = fileURLToPath(new URL('../src/wat/', import.meta.url));
const watFiles = readdirSync(watDir).filter((name) => name.endsWith('.wat'));

// The generated modules are committed; these fail when one no longer matches its .wat (or was
// edited by hand). Fix: pnpm --filter @mnist-wasm/backend assemble
describe('kernels in WebAssembly text (src/wat)', () => {
  it('has the .wat files the kernels import', () => {
    expect(watFiles).toContain('adam-simd-loop.wat');
    expect(watFiles).toContain('conv-simd-loops.wat');
    expect(watFiles).toContain('pool-simd-loops.wat');
  });

  it.each(watFiles)('%s: the generated module is up to date', async (name) => {
    const bytes = await assembleWat(name, await readWat(join(watDir, name)));
    expect(WebAssembly.validate(bytes)).toBe(true);
    const generated = readFileSync(join(watDir, name.replace(/\.wat$/, '.generated.ts')), 'utf8');
    expect(generated).toBe(generatedModule(`src/wat/${name}`, bytes));
  });

  // A module in parts (NAME.wat including NAME/*.wat) assembles from every part, each once.
  it.each(watFiles.filter((name) => existsSync(join(watDir, name.replace(/\.wat$/, '')))))(
    '%s: includes each file of its folder once',
    async (name) => {
      const folder = name.replace(/\.wat$/, '');
      const parts = await watParts(join(watDir, name));
      const files = readdirSync(join(watDir, folder)).map((file) => `${folder}/${file}`);
      expect([...parts].sort()).toEqual([...files].sort());
      for (const file of files) {
        expect(readFileSync(join(watDir, file), 'utf8')).toMatch(new RegExp(`^;; Part of ${name}`));
      }
    },
  );

  it('the Adam loop imports env.memory and exports adam(8 × i32, 6 × f32)', async () => {
    const wat = readFileSync(join(watDir, 'adam-simd-loop.wat'), 'utf8');
    expect(adamSimdLoopBytes).toEqual(await assembleWat('adam-simd-loop.wat', wat));
    const module = new WebAssembly.Module(adamSimdLoopBytes);
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
    ]);
    expect(WebAssembly.Module.exports(module)).toEqual([{ name: 'adam', kind: 'function' }]);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { adam } = new WebAssembly.Instance(module, { env: { memory } }).exports as {
      adam: (...args: number[]) => void;
    };
    expect(adam.length).toBe(14);
  });

  it('the pooling loops import env.memory and export forward(9 × i32), backward(6 × i32)', () => {
    const module = new WebAssembly.Module(poolSimdLoopsBytes);
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
    ]);
    expect(WebAssembly.Module.exports(module)).toEqual([
      { name: 'forward', kind: 'function' },
      { name: 'backward', kind: 'function' },
    ]);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { forward, backward } = new WebAssembly.Instance(module, { env: { memory } })
      .exports as Record<string, (...args: number[]) => void>;
    expect([forward!.length, backward!.length]).toEqual([9, 6]);
  });
});
