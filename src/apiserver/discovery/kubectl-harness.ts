/**
 * Test support (used by the kubectl tests of discovery and OpenAPI, never by the server): a fastify app
 * over plain HTTP on 127.0.0.1 with discovery, OpenAPI and a stub /version, and the real kubectl
 * binaries to drive it: the installed one and, from the Google Cloud SDK folder beside it, 1.27 and 1.33.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ResourceInfo } from '../../api/resources';
import { registerOpenAPI } from '../openapi';
import { registerDiscovery } from './index';

export interface TestServer {
  app: FastifyInstance;
  url: string;
  /** "GET /api?timeout=32s" for every request so far, with the User-Agent's kubectl version. */
  requests: Array<{ line: string; userAgent: string }>;
  close(): Promise<void>;
}

/** Starts the app; `extend` may add stub routes before it listens. */
export async function startTestServer(resources: () => ResourceInfo[], extend?: (app: FastifyInstance) => void): Promise<TestServer> {
  const app = Fastify();
  const requests: TestServer['requests'] = [];
  app.addHook('onRequest', async (req) => {
    requests.push({ line: `${req.method} ${req.url}`, userAgent: String(req.headers['user-agent'] ?? '') });
  });
  app.get('/version', async () => ({ major: '1', minor: '31', gitVersion: 'v1.31.0' }));
  registerDiscovery(app, { resources });
  registerOpenAPI(app, { resources, version: 'v1.31.0' });
  extend?.(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, requests, close: () => app.close() };
}

export interface KubectlBinary {
  /** "kubectl" or "kubectl.1.27". */
  name: string;
  path: string;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return undefined;
}

/** The kubectl binaries to test with; a version that is not installed is left out. */
export function kubectlBinaries(): KubectlBinary[] {
  const installed = onPath('kubectl');
  if (!installed) return [];
  const folder = dirname(realpathSync(installed));
  const out: KubectlBinary[] = [{ name: 'kubectl', path: installed }];
  for (const name of ['kubectl.1.27', 'kubectl.1.33']) {
    const file = join(folder, name);
    if (existsSync(file)) out.push({ name, path: file });
  }
  return out;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs kubectl against the server with a fresh cache directory and no kubeconfig. Asynchronous on
 * purpose: the server answers from this same process.
 */
export function runKubectl(bin: KubectlBinary, server: string, args: string[], env: Record<string, string> = {}): Promise<KubectlResult> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'skiff-kubectl-cache-'));
  const kubeconfig = join(cacheDir, 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\n');
  const argv = ['--server', server, '--cache-dir', cacheDir, '--kubeconfig', kubeconfig, ...args];
  return new Promise((resolve) => {
    execFile(bin.path, argv, { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      rmSync(cacheDir, { recursive: true, force: true });
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Collapses runs of whitespace, so wrapped kubectl output compares with a one-line description. */
export const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
