import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');
const NODE_BUILTINS =
  /from '(node:[^']+|fs|fs\/promises|path|os|crypto|zlib|http|url|module|util)'/;

describe('the main entry', () => {
  it('imports no Node built-ins and nothing from the Node entry, so browser bundles can use it', async () => {
    const files = (await readdir(SRC)).filter((name) => name.endsWith('.ts') && name !== 'node.ts');
    expect(files).toContain('index.ts');
    for (const name of files) {
      const source = await readFile(join(SRC, name), 'utf8');
      expect(source, name).not.toMatch(NODE_BUILTINS);
      expect(source, name).not.toMatch(/from '\.\/node(\/|')/);
    }
  });
});
