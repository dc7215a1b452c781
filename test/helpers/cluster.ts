/**
 * Starts a real `skiff server --ephemeral --disable-agent` as a child process (from source with tsx, or
 * the built single executable under `env -i`), and talks to it with the real kubectl and raw HTTPS.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, realpathSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const repoRoot = resolve(__dirname, '..', '..');

export type ServerFlavour = 'source' | 'binary';

export interface TestCluster {
  url: string;
  kubeconfig: string;
  dataDir: string;
  /** The server process (e.g. to SIGKILL it: a crash, with nothing cleaned up). */
  pid: number;
  /** Runs kubectl (default: the one on PATH) against the cluster. */
  kubectl(args: string[], options?: { bin?: string; input?: string; env?: Record<string, string> }): KubectlResult;
  /** A raw HTTPS request with the admin client certificate. */
  http(method: string, path: string, options?: { body?: string | Buffer; contentType?: string; accept?: string; headers?: Record<string, string> }): Promise<HttpResult>;
  /** Stops the server with SIGTERM and waits; the data dir stays unless `remove`. */
  stop(options?: { remove?: boolean }): Promise<number | null>;
  logs(): string;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): any;
}

/** Where the versioned kubectl binaries (kubectl.1.27 …) live: beside the real kubectl. */
export function kubectlDir(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (!path) return undefined;
  return dirname(realpathSync(path));
}

export function kubectlBinary(version?: string): string | undefined {
  if (!version) return 'kubectl';
  const dir = kubectlDir();
  const p = dir && join(dir, `kubectl.${version}`);
  return p && existsSync(p) ? p : undefined;
}

export interface StartOptions {
  flavour?: ServerFlavour;
  /** Reuse a data dir (restart tests); default a fresh temp dir. */
  dataDir?: string;
  extraArgs?: string[];
  timeoutMs?: number;
}

export async function startCluster(options: StartOptions = {}): Promise<TestCluster> {
  const flavour = options.flavour ?? 'source';
  // Without a data dir the server is --ephemeral: its temp dir goes when it stops.
  const dataDir = options.dataDir ?? '';
  const workDir = mkdtempSync(join(tmpdir(), 'skiff-test-'));
  const kubeconfig = join(workDir, 'kubeconfig.yaml');
  const cacheDir = join(workDir, 'kubectl-cache');
  const where = dataDir ? ['--data-dir', dataDir] : ['--ephemeral'];
  const args = ['server', ...where, '--disable-agent', '--https-listen-port', '0', '--bind-address', '127.0.0.1', '--write-kubeconfig', kubeconfig, ...(options.extraArgs ?? [])];
  let child: ChildProcess;
  if (flavour === 'source') {
    child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src', 'main.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    const bin = join(repoRoot, 'dist', 'skiff');
    const cwd = mkdtempSync(join(tmpdir(), 'skiff-empty-'));
    child = spawn('/usr/bin/env', ['-i', `HOME=${workDir}`, bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));

  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server not ready in time:\n${output}`)), options.timeoutMs ?? 30_000);
    const check = () => {
      const m = /skiff is ready.* url=(\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code} before ready:\n${output}`));
    });
  });

  const kc = parseYaml(readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64');
  const cert = Buffer.from(kc.users[0].user['client-certificate-data'], 'base64');
  const key = Buffer.from(kc.users[0].user['client-key-data'], 'base64');

  return {
    url,
    kubeconfig,
    dataDir,
    pid: child.pid!,
    kubectl(kargs, o = {}) {
      const r = spawnSync(o.bin ?? 'kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...kargs], {
        encoding: 'utf8',
        input: o.input,
        env: { ...process.env, ...(o.env ?? {}) },
        timeout: 60_000,
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    http(method, path, o = {}) {
      return new Promise((res, rej) => {
        const u = new URL(path, url);
        const headers: Record<string, string> = { Accept: o.accept ?? 'application/json', ...(o.headers ?? {}) };
        if (o.body !== undefined) {
          headers['Content-Type'] = o.contentType ?? 'application/json';
          headers['Content-Length'] = String(Buffer.byteLength(o.body));
        }
        const req = request(u, { method, ca, cert, key, headers }, (resp) => {
          const chunks: Buffer[] = [];
          resp.on('data', (c) => chunks.push(c));
          resp.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            res({ status: resp.statusCode ?? 0, headers: resp.headers, body, json: () => JSON.parse(body) });
          });
        });
        req.on('error', rej);
        if (o.body !== undefined) req.write(o.body);
        req.end();
      });
    },
    async stop(o = {}) {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(workDir, { recursive: true, force: true });
      if (o.remove && dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
    logs: () => output,
  };
}
