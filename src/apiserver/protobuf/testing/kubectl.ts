/**
 * Test helper: runs a kubectl binary against a CaptureServer and returns the body it sent, next to
 * what `--dry-run=client -o json` prints for the same arguments (the JSON the protobuf must decode to).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type CaptureServer, type CapturedRequest } from './capture-server';

/** kubectl.1.33 beside the kubectl on PATH, if it is installed. */
export function findKubectl(version = '1.33'): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  const onPath = r.stdout.trim();
  if (!onPath) return undefined;
  const bin = join(dirname(realpathSync(onPath)), `kubectl.${version}`);
  return existsSync(bin) ? bin : undefined;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A kubeconfig and discovery cache in a temp dir, pointing at `server` over plain HTTP. */
export class KubectlRunner {
  private readonly dir = mkdtempSync(join(tmpdir(), 'skiff-pb-'));
  private readonly kubeconfig = join(this.dir, 'kubeconfig');

  constructor(private readonly options: { bin: string; server: CaptureServer }) {
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: options.server.url } }],
      users: [{ name: 'u', user: {} }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: 'default' } }],
      'current-context': 'x',
    };
    writeFileSync(this.kubeconfig, JSON.stringify(config));
  }

  /** A scratch directory for input files (`--from-file`), removed by `dispose`. */
  get workDir(): string {
    return this.dir;
  }

  /** Runs kubectl asynchronously: the capture server lives in this process and must keep answering. */
  run(args: string[]): Promise<KubectlResult> {
    const cacheDir = mkdtempSync(join(this.dir, 'cache-'));
    const argv = ['--kubeconfig', this.kubeconfig, '--cache-dir', cacheDir, ...args];
    return new Promise((resolve) => {
      execFile(this.options.bin, argv, { timeout: 30_000, env: { PATH: process.env.PATH ?? '', HOME: this.dir } }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  /**
   * Runs `kubectl <args> --dry-run=client -o json`, then `kubectl <args>` for real, and returns the
   * printed object and the body the second run sent. Flags go before a `--` (command arguments).
   */
  async capture(args: string[]): Promise<{ dryRun: unknown; request: CapturedRequest }> {
    const split = args.indexOf('--');
    const before = split < 0 ? args : args.slice(0, split);
    const after = split < 0 ? [] : args.slice(split);
    const dry = await this.run([...before, '--dry-run=client', '-o', 'json', ...after]);
    if (dry.code !== 0) throw new Error(`kubectl ${args.join(' ')} --dry-run=client failed: ${dry.stderr}`);
    const sent = this.options.server.requests.length;
    await this.run(args); // its exit code does not matter: the capture server's reply is a stub
    const request = this.options.server.requests.slice(sent).find((r) => r.method === 'POST');
    if (!request) throw new Error(`kubectl ${args.join(' ')} sent no POST`);
    return { dryRun: JSON.parse(dry.stdout), request };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
