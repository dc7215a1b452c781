/**
 * Test helper: a plain-HTTP stand-in for an API server on 127.0.0.1, enough for kubectl's typed
 * `create` commands. It records every request body, serves a small legacy discovery document, and
 * answers routes it is told about with canned JSON or protobuf. Used by the live test and by
 * fixtures/regenerate.ts; never by the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  contentType: string;
  accept: string;
  body: Buffer;
}

export interface CannedResponse {
  status?: number;
  json?: unknown;
  /** Served only when the client's Accept prefers protobuf; `json` (if any) otherwise. */
  protobuf?: Uint8Array;
}

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

function resource(name: string, kind: string, namespaced = true) {
  return { name, singularName: kind.toLowerCase(), namespaced, kind, verbs: ['create', 'get', 'list'] };
}

/** Legacy discovery for the kinds the fixtures create (aggregated discovery is not needed: kubectl falls back). */
function discovery(): Map<string, unknown> {
  const groups: Record<string, ReturnType<typeof resource>[]> = {
    'batch/v1': [resource('jobs', 'Job'), resource('cronjobs', 'CronJob')],
    'apps/v1': [resource('deployments', 'Deployment')],
    'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].map((k) =>
      resource(`${k.toLowerCase()}s`, k, !k.startsWith('Cluster')),
    ),
    'networking.k8s.io/v1': [resource('ingresses', 'Ingress')],
    'policy/v1': [resource('poddisruptionbudgets', 'PodDisruptionBudget')],
    'scheduling.k8s.io/v1': [resource('priorityclasses', 'PriorityClass', false)],
  };
  const core = ['Pod', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'ResourceQuota', 'Event'].map((k) => resource(`${k.toLowerCase()}s`, k));
  core.push(resource('namespaces', 'Namespace', false), resource('nodes', 'Node', false));
  const docs = new Map<string, unknown>([
    ['/api', { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }],
    ['/api/v1', { kind: 'APIResourceList', groupVersion: 'v1', resources: core }],
    [
      '/apis',
      {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: Object.keys(groups).map((gv) => {
          const [name, version] = gv.split('/') as [string, string];
          return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
        }),
      },
    ],
  ]);
  for (const [gv, resources] of Object.entries(groups)) docs.set(`/apis/${gv}`, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources });
  return docs;
}

export class CaptureServer {
  readonly requests: CapturedRequest[] = [];
  private readonly routes = new Map<string, CannedResponse>();
  private readonly discovery = discovery();

  private constructor(private readonly server: Server) {}

  /** Listens on 127.0.0.1, port 0. */
  static async start(): Promise<CaptureServer> {
    let self: CaptureServer | undefined;
    const server = createServer((req, res) => self!.handle(req, res));
    self = new CaptureServer(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return self;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers `method path` (no query) with `response` from now on. */
  respond(method: string, path: string, response: CannedResponse): void {
    this.routes.set(`${method} ${path}`, response);
  }

  /** The last request with a body (POST/PUT), if any. */
  lastWrite(): CapturedRequest | undefined {
    return [...this.requests].reverse().find((r) => r.method === 'POST' || r.method === 'PUT');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const captured = { method: req.method ?? '', path, contentType: req.headers['content-type'] ?? '', accept: req.headers.accept ?? '', body: Buffer.concat(chunks) };
      this.requests.push(captured);
      const canned = this.routes.get(`${captured.method} ${path}`);
      if (canned) return this.send(res, canned, captured.accept);
      const doc = captured.method === 'GET' ? this.discovery.get(path) : undefined;
      if (doc) return this.send(res, { json: doc }, captured.accept);
      if (captured.method === 'POST') return this.send(res, { status: 201, json: {} }, captured.accept);
      this.send(res, { status: 404, json: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 } }, captured.accept);
    });
  }

  private send(res: ServerResponse, canned: CannedResponse, accept: string): void {
    const status = canned.status ?? 200;
    if (canned.protobuf && (accept.startsWith(PROTOBUF) || canned.json === undefined)) {
      res.writeHead(status, { 'content-type': PROTOBUF });
      res.end(Buffer.from(canned.protobuf));
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(canned.json ?? {}));
  }
}
