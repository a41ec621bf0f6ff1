import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');
const NODE_BUILTINS = /from '(node:[^']+|fs|fs\/promises|path|os|crypto|http|url|module|util)'/;

describe('the main entry', () => {
  it('imports no Node built-ins and nothing from the Node entry, so browser bundles can use it', async () => {
    const files = (await readdir(SRC, { recursive: true })).filter(
      (name) => name.endsWith('.ts') && name !== 'node.ts' && !name.startsWith('node/'),
    );
    expect(files).toContain('plan/plan.ts');
    expect(files).toContain('index.ts');
    for (const name of files) {
      const source = await readFile(join(SRC, name), 'utf8');
      expect(source, name).not.toMatch(NODE_BUILTINS);
      expect(source, name).not.toMatch(/from '\.\/node(\/|')/);
    }
  });

  it('is built separately from the Node entry, which alone touches the file system', async () => {
    const dist = join(import.meta.dirname, '../dist');
    const main = await readFile(join(dist, 'index.js'), 'utf8');
    const node = await readFile(join(dist, 'node.js'), 'utf8');
    const imports = (code: string) => [...code.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    // @mnist-wasm/backend's main entry runs in browsers too (the plan's kernels).
    for (const module of imports(main)) {
      expect(module).toMatch(/^(@tensorflow\/|@mnist-wasm\/backend$|\.\/chunk-)/);
    }
    expect(imports(node)).toContain('fs/promises');
  });
});
