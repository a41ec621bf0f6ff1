#!/usr/bin/env node
// Packs every package under packages/ and the published app (apps/notebook) with `pnpm pack` and
// installs each tarball (with the tarballs of the workspace packages it depends on) into its own
// empty npm project, then checks it there: a package with `import` (ESM), `require` (CJS) and a
// `tsc --noEmit` of a consumer file against its types; the app by running its command.
// Usage: node checks/pack/check-pack.mjs [package-folder ...]   (build the packages and app first)
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
// The app's short run (about 2 s): 1 epoch of 5,000 digits, seed 1; tested on 500 digits, its
// accuracy must clear APP_MIN_ACCURACY (it gets about 0.90).
const [APP_TRAIN, APP_TEST] = [5000, 500];
const APP_RUN = [
  ...['--epochs', '1', '--seed', '1'],
  ...['--train-limit', `${APP_TRAIN}`, '--test-limit', `${APP_TEST}`],
];
const APP_MIN_ACCURACY = 0.8;
// What a tarball may hold: the build and the documents.
const PACKED_FILE = /^package\/(dist\/.+|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;

/** Published workspace packages and apps by npm name: folder, its path from the root, manifest. */
function readPackages() {
  const packages = new Map();
  for (const parent of ['packages', 'apps']) {
    for (const folder of readdirSync(join(root, parent)).sort()) {
      const manifestPath = join(root, parent, folder, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (!manifest.private)
        packages.set(manifest.name, { folder, dir: join(parent, folder), manifest });
    }
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

/** Every file the packed manifest points at (main, module, types, exports, bin) must be in the tarball. */
function entryPoints(manifest) {
  const targets = [manifest.main, manifest.module, manifest.types, ...binFiles(manifest)];
  const walk = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  return [...new Set(targets.filter(Boolean).map((target) => target.replace(/^\.\//, '')))];
}

/** The files of the manifest's commands (`bin`, a path or an object of them). */
function binFiles(manifest) {
  if (typeof manifest.bin === 'string') return [manifest.bin];
  return Object.values(manifest.bin ?? {});
}

function packPackage(name, { dir }) {
  const [pnpm, pnpmArgs] = pnpmCommand();
  const output = run(
    name,
    'pnpm pack',
    pnpm,
    [...pnpmArgs, 'pack', '--pack-destination', tarballDir],
    {
      cwd: join(root, dir),
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
  for (const file of files) {
    if (!PACKED_FILE.test(file)) problems.push(`"${file.replace(/^package\//, '')}" is packed`);
  }
  for (const bin of binFiles(packed)) {
    const script = run(name, 'read bin', 'tar', [
      '-xzOf',
      path,
      `package/${bin.replace(/^\.\//, '')}`,
    ]);
    if (!script.startsWith('#!/usr/bin/env node\n')) problems.push(`"${bin}" has no node shebang`);
  }
  if (problems.length > 0) {
    throw new CheckStepError(name, 'tarball contents', problems.map((p) => `  - ${p}`).join('\n'));
  }
  return path;
}

/** A new, empty npm project `$work/consumers/SHORT` holding the fixture's files. */
function newProject(short, fixture) {
  const project = join(work, 'consumers', short);
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  cpSync(fixture, project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: `consumer-of-${short}`, version: '0.0.0', private: true }, null, 2)}\n`,
  );
  return project;
}

/** `npm install` of `specs` (tarballs, registry names, flags) in the project, as a named step. */
function npmInstall(name, step, project, specs) {
  run(
    name,
    step,
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', ...specs],
    { cwd: project },
  );
}

/**
 * A package's tarball in a consumer project: `import`, `require` and its types from the fixture's
 * files. Returns what it checked, for the summary line.
 */
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
  const project = newProject(short, fixture);
  for (const tsconfig of ['tsconfig.json', 'tsconfig.bundler.json']) {
    cpSync(join(here, 'consumers', tsconfig), join(project, tsconfig));
  }
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
  npmInstall(name, 'npm install (tarballs + peers)', project, installs);
  npmInstall(name, 'npm install (consumer dev tools)', project, [
    '--save-dev',
    ...CONSUMER_DEV_DEPENDENCIES,
  ]);
  run(name, 'ESM import (node esm.mjs)', process.execPath, ['esm.mjs'], { cwd: project });
  run(name, 'CommonJS require (node cjs.cjs)', process.execPath, ['cjs.cjs'], { cwd: project });
  run(name, 'types (tsc --noEmit)', process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], {
    cwd: project,
  });
  return 'npm install, import, require, tsc';
}

/**
 * The app's installed tarball, run as users run it: `npx`, then its command from node_modules/.bin.
 * Returns what it checked, for the summary line.
 */
function checkApp(name, packages, tarballs) {
  const short = name.split('/')[1];
  const project = newProject(short, join(here, 'consumers', short));
  const installs = [...withWorkspaceDependencies(name, packages)].map((dependency) =>
    tarballs.get(dependency),
  );
  npmInstall(name, 'npm install (tarballs)', project, installs);
  const [command] = Object.keys(packages.get(name).manifest.bin);
  const bin = join(project, 'node_modules', '.bin', command);
  const metrics = checkAppRun(name, project);
  checkAppCells(name, project, bin);
  checkAppHelp(name, project, bin);
  checkAppPredict(name, project, bin);
  checkAppSweep(name, project, bin);
  return `npm install, npx --json run (${metrics}), cells, --help, predict, sweep`;
}

/** Parses a command's JSON output; a CheckStepError with its start when it is not JSON. */
function parseJson(name, step, output) {
  try {
    return JSON.parse(output);
  } catch (error) {
    throw new CheckStepError(name, step, `  ${error.message}; output:\n${output.slice(0, 2000)}`);
  }
}

/**
 * `npx @mnist-wasm/notebook ... --json --save model`: the metrics of a short run, the model saved.
 * Returns the test metrics, for the summary line.
 */
function checkAppRun(name, project) {
  const args = [name, ...APP_RUN, '--json', '--save', 'model'];
  const step = `npx ${args.join(' ')}`;
  // --yes=false: never from the registry, the installed tarball's command or a failure.
  const output = run(name, step, 'npx', ['--yes=false', ...args], { cwd: project });
  const result = parseJson(name, step, output);
  const problems = [];
  if (result.backend?.backend !== 'wasm') problems.push(`backend is ${result.backend?.backend}`);
  if (result.data?.train !== APP_TRAIN || result.data?.test !== APP_TEST)
    problems.push(
      `data is ${JSON.stringify(result.data)}, not ${APP_TRAIN} and ${APP_TEST} digits`,
    );
  if (result.history?.loss?.length !== 1) problems.push('history.loss has not 1 epoch');
  if (!Number.isFinite(result.test?.loss)) problems.push(`test loss ${result.test?.loss}`);
  if (!(result.test?.accuracy > APP_MIN_ACCURACY))
    problems.push(`test accuracy ${result.test?.accuracy}, not above ${APP_MIN_ACCURACY}`);
  if (result.savedTo !== 'model') problems.push(`savedTo is ${result.savedTo}, not "model"`);
  if (problems.length > 0) {
    throw new CheckStepError(name, step, problems.map((p) => `  - ${p}`).join('\n'));
  }
  return `test loss ${result.test.loss.toFixed(4)}, accuracy ${result.test.accuracy.toFixed(4)}`;
}

/** The same run without --json prints every cell of the notebook and the epoch's progress. */
function checkAppCells(name, project, bin) {
  const step = `mnist-notebook ${APP_RUN.join(' ')}`;
  const output = run(name, step, bin, APP_RUN, { cwd: project });
  const expected = [1, 2, 3, 4, 5, 6, 7, 8].map((cell) => `In [${cell}]: `);
  // The epoch's line, as Keras prints it: steps done / steps (batches of 32) and the bar.
  const steps = Math.ceil(APP_TRAIN / 32);
  const missing = [...expected, 'Epoch 1/1', `${steps}/${steps} [`].filter(
    (text) => !output.includes(text),
  );
  if (missing.length > 0) {
    throw new CheckStepError(name, step, `  no ${missing.join(', ')} in its output:\n${output}`);
  }
}

/** `mnist-notebook --help` names the command and its subcommands. */
function checkAppHelp(name, project, bin) {
  const output = run(name, 'mnist-notebook --help', bin, ['--help'], { cwd: project });
  const missing = ['Usage: mnist-notebook', 'predict', 'sweep', '--save'].filter(
    (text) => !output.includes(text),
  );
  if (missing.length > 0) {
    throw new CheckStepError(name, '--help', `  no ${missing.join(', ')} in:\n${output}`);
  }
}

/**
 * `predict` with the saved model classifies test image 0 (`--index 0`) and the same digit as a PNG
 * file, twice the size and dark on light: both as its true label, the PNG detected as inverted.
 */
function checkAppPredict(name, project, bin) {
  const label = Number(
    run(
      name,
      'write a digit PNG (node digit-png.mjs)',
      process.execPath,
      ['digit-png.mjs', '0', 'digit.png'],
      { cwd: project },
    ).trim(),
  );
  const args = ['predict', '--model', 'model', '--index', '0', 'digit.png', '--json'];
  const step = `mnist-notebook ${args.join(' ')}`;
  const { predictions } = parseJson(name, step, run(name, step, bin, args, { cwd: project }));
  const [index, file] = predictions ?? [];
  const problems = [];
  if (predictions?.length !== 2) problems.push(`${predictions?.length} predictions, not 2`);
  if (index?.source !== 'test[0]' || index?.label !== label || index?.predicted !== label)
    problems.push(`test[0] (label ${label}): ${JSON.stringify(index)}`);
  if (file?.format !== 'png' || file?.inverted !== true || file?.predicted !== label)
    problems.push(`digit.png (label ${label}): ${JSON.stringify(file)}`);
  if (problems.length > 0) {
    throw new CheckStepError(name, step, problems.map((p) => `  - ${p}`).join('\n'));
  }
}

/** `sweep` starts its worker script from the installed package: one row per seed, on 2 workers. */
function checkAppSweep(name, project, bin) {
  const args = [
    ...['sweep', '--seeds', '1-2', '--workers', '2', '--json'],
    ...['--epochs', '1', '--train-limit', '1000', '--test-limit', '100'],
  ];
  const step = `mnist-notebook ${args.join(' ')}`;
  const { rows } = parseJson(name, step, run(name, step, bin, args, { cwd: project }));
  if (
    rows?.map((row) => row.seed).join() !== '1,2' ||
    !rows.every((row) => row.testAccuracy > 0.5)
  ) {
    throw new CheckStepError(name, step, `  rows: ${JSON.stringify(rows)}`);
  }
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
  // The app (a package with commands) is run; a library is imported, required and type-checked.
  const check = packages.get(name).manifest.bin === undefined ? checkConsumer : checkApp;
  try {
    const steps = check(name, packages, tarballs);
    console.log(`  ok   ${name}: ${steps} (${seconds(packageStart)})`);
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
