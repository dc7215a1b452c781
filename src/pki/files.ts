/** File helpers: every PKI file and kubeconfig is replaced atomically, with its mode set before its content. */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file's text, or undefined if it does not exist. */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes `data` to a temp file beside `path` created with `mode` (then chmod'ed, so the umask cannot
 * loosen or tighten it) and renames it over `path`: readers see the old file or the new one, never a
 * half-written one, and a secret is never readable by others, not even empty.
 */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.chmod(mode);
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Creates `dir` (and parents) if needed; a new `dir` gets `mode`, an existing one is left alone. */
export async function ensureDir(dir: string, mode: number): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode });
  if (created !== undefined) await chmod(dir, mode);
}
