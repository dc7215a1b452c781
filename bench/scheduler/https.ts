/**
 * A small HTTPS client for the scheduler benchmark: JSON requests and watch streams with the admin
 * client certificate of a kubeconfig, over keep-alive connections.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { parse as parseYaml } from 'yaml';

interface Kubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
}

export class Api {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(kubeconfigPath: string, sockets = 16) {
    const kc = parseYaml(readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig;
    const b64 = (s: string) => Buffer.from(s, 'base64');
    this.url = new URL(kc.clusters[0]!.cluster.server);
    const user = kc.users[0]!.user;
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: sockets,
      ca: b64(kc.clusters[0]!.cluster['certificate-authority-data']),
      cert: b64(user['client-certificate-data']),
      key: b64(user['client-key-data']),
    });
  }

  send<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((done, fail) => {
      const req = request(
        { host: this.url.hostname, port: this.url.port, path, method, agent: this.agent, headers: data ? { 'content-type': 'application/json' } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if ((res.statusCode ?? 0) >= 300) fail(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
            else done(text ? (JSON.parse(text) as T) : (undefined as T));
          });
        },
      );
      req.on('error', fail);
      req.end(data);
    });
  }

  /** Streams watch events of `path` (a list path) to `onEvent` until stop(). */
  watch(path: string, onEvent: (type: string, obj: Record<string, any>) => void): { stop(): void } {
    let buffered = '';
    const req = request({ host: this.url.hostname, port: this.url.port, path: `${path}${path.includes('?') ? '&' : '?'}watch=1`, agent: this.agent }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.trim()) {
            const e = JSON.parse(line) as { type: string; object: Record<string, any> };
            onEvent(e.type, e.object);
          }
        }
      });
    });
    req.on('error', () => undefined);
    req.end();
    return { stop: () => req.destroy() };
  }

  close(): void {
    this.agent.destroy();
  }
}
