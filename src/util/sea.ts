/**
 * Native addons for the packaged skiff.
 *
 * From source (tsx, node_modules present) better-sqlite3 finds its addon itself, through the `bindings`
 * package. The packaged forms cannot use that: `bindings` searches node_modules relative to the caller's
 * file, which inside an esbuild bundle is the bundle, and inside a single executable `require` loads only
 * built-in modules. So the packaged forms load the addon here and hand the loaded module to better-sqlite3
 * as its `nativeBinding` option:
 *
 * - single executable (`dist/skiff`): the addon is an asset of the executable. Its bytes are written once to
 *   a folder named by their hash (as k3s unpacks its embedded assets) and loaded from there with
 *   `process.dlopen`.
 * - plain bundle (`node dist/skiff.cjs`): the build copies the addon beside the bundle; it is loaded from
 *   beside `__filename`.
 *
 * Nothing here is imported by other skiff code except the wiring, which calls {@link loadSqliteBinding}.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The name of better-sqlite3's addon, as an asset of the executable and as a file beside the bundle. */
export const SQLITE_ADDON = 'better_sqlite3.node';

/** The part of `node:sea` used here; injectable so the extraction can be tested outside an executable. */
export interface SeaApi {
  isSea(): boolean;
  getRawAsset(key: string): string | ArrayBuffer;
}

/**
 * The build stores each addon's SHA-256 (hex) as the asset `<name>.sha256`, so a start with the addon
 * already extracted reads neither the embedded bytes nor the file: it only compares sizes. That saves
 * hashing ~2 MB and keeps those pages of the executable out of memory.
 */
export const HASH_SUFFIX = '.sha256';

export interface LoadEmbeddedAddonOptions {
  /** Folder that holds extracted addons (an `addons/` folder is made in it). Default: see {@link cacheDirCandidates}. */
  cacheDir?: string;
  /** Stand-in for `node:sea` (tests). */
  sea?: SeaApi;
}

/** `node:sea` inside a single executable; undefined outside one, or on a Node without `node:sea`. */
export function currentSea(): SeaApi | undefined {
  let sea: SeaApi;
  try {
    // Not a static import: older Node versions have no `node:sea`.
    sea = require('node:sea') as SeaApi;
  } catch {
    return undefined;
  }
  return typeof sea.isSea === 'function' && sea.isSea() ? sea : undefined;
}

/**
 * Where extracted addons may go, best first: the XDG cache, `~/.cache`, then a per-user folder in the
 * temp dir (last, because /tmp is often mounted noexec, which makes dlopen fail).
 */
export function cacheDirCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  if (env.XDG_CACHE_HOME) out.push(join(env.XDG_CACHE_HOME, 'skiff'));
  let home: string | undefined;
  try {
    home = env.HOME || homedir();
  } catch {
    home = undefined; // no HOME and no passwd entry
  }
  if (home) out.push(join(home, '.cache', 'skiff'));
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  out.push(join(tmpdir(), `skiff-${uid}`));
  return out;
}

/** Content-hashed location of an addon: `<cacheDir>/addons/<sha256 prefix>/<name>`. */
export function addonPath(cacheDir: string, name: string, bytes: Uint8Array, sha256?: string): string {
  const hash = (sha256 ?? createHash('sha256').update(bytes).digest('hex')).slice(0, 16);
  return join(cacheDir, 'addons', hash, name);
}

/** The hash the build stored beside the asset, if it did. */
function storedHash(sea: SeaApi, assetName: string): string | undefined {
  let raw: string | ArrayBuffer;
  try {
    raw = sea.getRawAsset(assetName + HASH_SUFFIX);
  } catch {
    return undefined; // built without one: hash the bytes instead
  }
  const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
  return /^[0-9a-f]{64}$/.test(text.trim()) ? text.trim() : undefined;
}

/** Owned by this user or by root: a shared temp dir may hold files another user made to be loaded. */
function ownedByUs(stat: { uid: number }): boolean {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  return uid === undefined || stat.uid === uid || stat.uid === 0;
}

/** An extracted file of the expected size, ours, in a folder named by the content's hash is taken as is. */
function alreadyExtracted(path: string, size: number): boolean {
  try {
    const dir = lstatSync(dirname(path));
    const file = lstatSync(path);
    return dir.isDirectory() && ownedByUs(dir) && file.isFile() && ownedByUs(file) && file.size === size;
  } catch {
    return false;
  }
}

/**
 * Writes `bytes` to `path` unless a file with exactly these bytes is already there. Writes a temp file
 * beside it and renames it into place, so a concurrent start never loads a half-written file.
 */
export function writeOnce(path: string, bytes: Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const owner = lstatSync(dir);
  if (!owner.isDirectory() || !ownedByUs(owner)) {
    throw new Error(`refusing to use ${dir}: not a directory owned by this user`);
  }
  if (existsSync(path)) {
    const present = readFileSync(path);
    if (present.length === bytes.length && present.equals(bytes)) return;
  }
  const temp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, bytes, { mode: 0o755 });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Loads a native addon file and returns its exports. */
export function dlopenFile(path: string): unknown {
  const mod = { exports: {} as unknown };
  process.dlopen(mod, path);
  return mod.exports;
}

/**
 * Inside a single executable: extracts the asset `assetName` (a native addon) to a content-hashed cache
 * path and loads it. Outside one: returns undefined. Throws when the asset is missing or no cache folder
 * is writable. Call it once per process.
 */
export function loadEmbeddedAddon(assetName: string, options: LoadEmbeddedAddonOptions = {}): unknown | undefined {
  const sea = options.sea ?? currentSea();
  if (!sea || !sea.isSea()) return undefined;
  const raw = sea.getRawAsset(assetName);
  // A view on the executable's memory: nothing is read until the bytes are hashed or written.
  const bytes = typeof raw === 'string' ? Buffer.from(raw) : new Uint8Array(raw);
  const sha256 = storedHash(sea, assetName);
  const candidates = options.cacheDir !== undefined ? [options.cacheDir] : cacheDirCandidates();
  const failures: string[] = [];
  for (const dir of candidates) {
    const path = addonPath(dir, assetName, bytes, sha256);
    if (sha256 && alreadyExtracted(path, bytes.byteLength)) return dlopenFile(path);
    try {
      writeOnce(path, bytes);
    } catch (err) {
      failures.push(`${dir}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    return dlopenFile(path);
  }
  throw new Error(`cannot extract ${assetName}: ${failures.join('; ')}`);
}

/**
 * better-sqlite3's addon for the `nativeBinding` option, or undefined when better-sqlite3 should find it
 * itself (running from source with node_modules). `besideDir` is where the plain bundle looks (default:
 * the folder of the running bundle).
 */
export function loadSqliteBinding(options: { besideDir?: string; sea?: SeaApi } = {}): unknown | undefined {
  const embedded = loadEmbeddedAddon(SQLITE_ADDON, { sea: options.sea });
  if (embedded !== undefined) return embedded;
  const beside = join(options.besideDir ?? __dirname, SQLITE_ADDON);
  return existsSync(beside) ? dlopenFile(beside) : undefined;
}
