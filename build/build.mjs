#!/usr/bin/env node
// `npm run build`: bundles src/main.ts with esbuild into dist/skiff.cjs (and src/index.ts, the embeddable
// library, into dist/index.js), then packages the CLI bundle and
// better-sqlite3's addon into dist/skiff, a Node single-executable application made from this `node`.
// See build/README.md for why, and for the sizes and times.
//
//   node build/build.mjs                 bundle + single executable
//   node build/build.mjs --bundle-only   dist/skiff.cjs (+ the addon beside it) only
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const dist = join(root, 'dist');
const work = join(dist, '.sea'); // intermediate files, kept for inspection
const bundleOnly = process.argv.includes('--bundle-only');

/** The asset name must match SQLITE_ADDON in src/util/sea.ts. */
const ADDON = 'better_sqlite3.node';
/** The fuse Node's binary carries; postject flips it so Node looks for the injected blob. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const started = performance.now();
function step(name, fn) {
  const t0 = performance.now();
  const result = fn();
  const report = (value) => {
    console.log(`build: ${name} ${Math.round(performance.now() - t0)} ms`);
    return value;
  };
  return result instanceof Promise ? result.then(report) : report(result);
}
const mb = (file) => `${(statSync(file).size / 1e6).toFixed(1)} MB`;
const rel = (file) => relative(process.cwd(), file) || '.';

async function bundle() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/skiff.cjs',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Smaller and quicker to parse; identifiers are kept so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    // Third-party code that probes for optional modules with `require(expr)` is fine at run time.
    logOverride: { 'unsupported-require-call': 'silent' },
  });
  if (result.errors.length > 0) throw new Error('esbuild failed');
  // The embeddable library (package main: startCluster), beside the CLI bundle so it finds the addon too.
  const library = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.js',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    logOverride: { 'unsupported-require-call': 'silent' },
  });
  if (library.errors.length > 0) throw new Error('esbuild failed (library)');
  // Its type declarations (package "types"), so `import { startCluster } from 'skiff'` is typed.
  rmSync(join(root, 'dist', 'types'), { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.types.json')], { cwd: root, stdio: 'inherit' });
}

function addonSource() {
  const file = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', ADDON);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm ci (better-sqlite3 builds it on install)`);
  return file;
}

/** The plain bundle cannot find the addon through `bindings`: it loads the copy beside itself (src/util/sea.ts). */
function copyAddonBesideBundle() {
  copyFileSync(addonSource(), join(dist, ADDON));
}

function seaBlob() {
  mkdirSync(work, { recursive: true });
  const blob = join(work, 'skiff.blob');
  const hashFile = join(work, ADDON + '.sha256');
  writeFileSync(hashFile, createHash('sha256').update(readFileSync(addonSource())).digest('hex'));
  const config = {
    main: join(dist, 'skiff.cjs'),
    output: blob,
    disableExperimentalSEAWarning: true,
    // V8 code cache for the bundle: start-up without compiling the bundle first (see README figures).
    useCodeCache: true,
    // The addon, and its SHA-256 so a start with the addon already extracted need not hash it (src/util/sea.ts).
    assets: { [ADDON]: addonSource(), [ADDON + '.sha256']: hashFile },
  };
  const configFile = join(work, 'sea-config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
  run(process.execPath, ['--experimental-sea-config', configFile]);
  return blob;
}

/** Runs a tool quietly; its output is shown only when it fails. */
function run(file, args) {
  try {
    execFileSync(file, args, { stdio: 'pipe', encoding: 'utf8' });
  } catch (err) {
    process.stderr.write(`${err.stdout ?? ''}${err.stderr ?? ''}`);
    throw new Error(`${file} ${args.join(' ')} failed`, { cause: err });
  }
}

function hasStrip() {
  try {
    execFileSync('strip', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function executable(blob) {
  const out = join(dist, 'skiff');
  const temp = join(work, 'skiff.tmp');
  rmSync(temp, { force: true });
  copyFileSync(process.execPath, temp);
  chmodSync(temp, 0o755);
  // Strip before injecting: stripping afterwards drops the injected note and the binary runs as plain node.
  if (hasStrip()) run('strip', [temp]);
  else console.warn('build: warning: no `strip` (binutils); dist/skiff keeps Node\'s debug symbols (~10 MB more)');
  // postject's CLI in a child: its ELF library prints harmless warnings that are shown only on failure.
  const postject = join(dirname(require.resolve('postject/package.json')), 'dist', 'cli.js');
  run(process.execPath, [postject, temp, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  renameSync(temp, out);
  return out;
}

async function main() {
  mkdirSync(dist, { recursive: true });
  await step('bundle (esbuild)', bundle);
  step('copy addon beside bundle', copyAddonBesideBundle);
  console.log(`build: ${rel(join(dist, 'skiff.cjs'))} ${mb(join(dist, 'skiff.cjs'))}`);
  if (bundleOnly) return;
  const blob = step('sea blob (node --experimental-sea-config)', seaBlob);
  const out = step('copy node, strip, inject (postject)', () => executable(blob));
  const check = execFileSync(out, ['--version'], { encoding: 'utf8', env: {} }).trim().split('\n')[0];
  console.log(`build: ${rel(out)} ${mb(out)} (${check})`);
}

main().then(
  () => console.log(`build: done in ${((performance.now() - started) / 1000).toFixed(1)} s`),
  (err) => {
    console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
