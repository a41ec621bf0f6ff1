#!/usr/bin/env node
// Packs every package under packages/ with `pnpm pack` and installs each tarball (with the tarballs
// of the workspace packages it depends on) into its own empty npm project, then checks it there:
// `import` (ESM), `require` (CJS) and a `tsc --noEmit` of a consumer file against its types.
// Usage: node checks/pack/check-pack.mjs [package-folder ...]   (build the packages first)
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckStepError, pnpmCommand, run, seconds } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const work = join(process.env.CHECK_PACK_DIR ?? join(tmpdir(), 'mnist-wasm-check-pack'));
const tarballDir = join(work, 'tarballs');
// Installed next to the tarballs: type definitions for the consumer's `tsc`.
const CONSUMER_DEV_DEPENDENCIES = ['@types/node@^20.19.0'];
const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** Workspace packages by npm name: folder, manifest. */
function readPackages() {
  const packages = new Map();
  for (const folder of readdirSync(join(root, 'packages')).sort()) {
    const manifestPath = join(root, 'packages', folder, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (!manifest.private) packages.set(manifest.name, { folder, manifest });
  }
  return packages;
}

/** The package and the workspace packages it depends on, transitively. */
function withWorkspaceDependencies(name, packages, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dependency of Object.keys(packages.get(name).manifest.dependencies ?? {})) {
    if (packages.has(dependency)) withWorkspaceDependencies(dependency, packages, seen);
  }
  return seen;
}

/** Every file the packed manifest points at (main, module, types, exports) must be in the tarball. */
function entryPoints(manifest) {
  const targets = [manifest.main, manifest.module, manifest.types];
  const walk = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  return [...new Set(targets.filter(Boolean).map((target) => target.replace(/^\.\//, '')))];
}

function packPackage(name, { folder }) {
  const [pnpm, pnpmArgs] = pnpmCommand();
  const output = run(
    name,
    'pnpm pack',
    pnpm,
    [...pnpmArgs, 'pack', '--pack-destination', tarballDir],
    {
      cwd: join(root, 'packages', folder),
    },
  );
  const tarball = output
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .reverse()
    .find((line) => line.endsWith('.tgz'));
  if (!tarball)
    throw new CheckStepError(name, 'pnpm pack', `  no .tgz path in its output:\n${output}`);
  const path = resolve(tarballDir, tarball);

  const files = run(name, 'list tarball', 'tar', ['-tzf', path]).split('\n').filter(Boolean);
  const packed = JSON.parse(
    run(name, 'read packed package.json', 'tar', ['-xzOf', path, 'package/package.json']),
  );
  const problems = [];
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dependency, range] of Object.entries(packed[field] ?? {})) {
      if (range.startsWith('workspace:'))
        problems.push(`${field}.${dependency} is still "${range}"`);
    }
  }
  for (const entry of entryPoints(packed)) {
    if (!files.includes(`package/${entry}`))
      problems.push(`"${entry}" is referenced but not packed`);
  }
  for (const field of ['license', 'repository', 'keywords', 'engines']) {
    if (packed[field] === undefined) problems.push(`package.json has no "${field}"`);
  }
  for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md']) {
    if (!files.includes(`package/${file}`)) problems.push(`${file} is not packed`);
  }
  if (problems.length > 0) {
    throw new CheckStepError(name, 'tarball contents', problems.map((p) => `  - ${p}`).join('\n'));
  }
  return path;
}

function checkConsumer(name, packages, tarballs) {
  const short = name.split('/')[1];
  const fixture = join(here, 'consumers', short);
  if (!existsSync(fixture)) {
    throw new CheckStepError(
      name,
      'consumer fixture',
      `  ${fixture} is missing: add esm.mjs, cjs.cjs, types.mts, types.cts`,
    );
  }
  const project = join(work, 'consumers', short);
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  cpSync(fixture, project, { recursive: true });
  for (const tsconfig of ['tsconfig.json', 'tsconfig.bundler.json']) {
    cpSync(join(here, 'consumers', tsconfig), join(project, tsconfig));
  }
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: `consumer-of-${short}`, version: '0.0.0', private: true }, null, 2)}\n`,
  );
  const installs = [...withWorkspaceDependencies(name, packages)].map((dependency) =>
    tarballs.get(dependency),
  );
  // Fixtures that use the WASM backend to run tensors get it from its tarball as well.
  if (
    existsSync(join(fixture, 'uses-backend')) &&
    !installs.includes(tarballs.get('@mnist-wasm/backend'))
  ) {
    installs.push(tarballs.get('@mnist-wasm/backend'));
  }
  run(
    name,
    'npm install (tarballs + peers)',
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', ...installs],
    { cwd: project },
  );
  run(
    name,
    'npm install (consumer dev tools)',
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      '--prefer-offline',
      '--save-dev',
      ...CONSUMER_DEV_DEPENDENCIES,
    ],
    { cwd: project },
  );
  run(name, 'ESM import (node esm.mjs)', process.execPath, ['esm.mjs'], { cwd: project });
  run(name, 'CommonJS require (node cjs.cjs)', process.execPath, ['cjs.cjs'], { cwd: project });
  run(name, 'types (tsc --noEmit)', process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], {
    cwd: project,
  });
}

const packages = readPackages();
const only = process.argv.slice(2);
const selected = [...packages.keys()].filter(
  (name) => only.length === 0 || only.some((o) => name === o || packages.get(name).folder === o),
);
rmSync(tarballDir, { recursive: true, force: true });
mkdirSync(tarballDir, { recursive: true });

const failures = [];
const tarballs = new Map();
const start = performance.now();
for (const [name, info] of packages) {
  try {
    tarballs.set(name, packPackage(name, info));
  } catch (error) {
    failures.push(error);
  }
}
console.log(`check:pack: packed ${tarballs.size}/${packages.size} packages in ${seconds(start)}`);
for (const name of selected) {
  if (!tarballs.has(name)) continue;
  const packageStart = performance.now();
  try {
    checkConsumer(name, packages, tarballs);
    console.log(`  ok   ${name}: npm install, import, require, tsc (${seconds(packageStart)})`);
  } catch (error) {
    console.log(`  FAIL ${name} (${seconds(packageStart)})`);
    failures.push(error);
  }
}
for (const failure of failures) {
  console.error(
    `\ncheck:pack FAILED: ${failure instanceof CheckStepError ? failure.message : failure.stack}`,
  );
}
console.log(
  `check:pack: ${failures.length === 0 ? 'passed' : `${failures.length} failure(s)`} in ${seconds(start)} (work dir ${work})`,
);
process.exitCode = failures.length === 0 ? 0 : 1;
