/**
 * The PKI end to end: a real HTTPS server with the serving certificate asks for client certificates
 * (as the API server will), and both Node and the real kubectl talk to it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, request } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Pki } from './ensure-pki';
import { ensurePki } from './ensure-pki';
import type { CertificateIdentity } from './identity';
import { identityFromCertificate } from './identity';
import { createCertificateAuthority, issueClientCertificate } from './issue';
import { writeKubeconfig } from './kubeconfig';

interface Seen {
  path: string;
  authorized: boolean;
  identity: CertificateIdentity | undefined;
}

const version = { major: '1', minor: '31', gitVersion: 'v1.31.0' };

function kubectlAvailable(): Promise<boolean> {
  return new Promise((resolve) => execFile('kubectl', ['version', '--client'], (err) => resolve(!err)));
}

describe('TLS with the generated PKI', () => {
  let dir: string;
  let pki: Pki;
  let server: Server;
  let port: number;
  const seen: Seen[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-pki-tls-'));
    pki = await ensurePki({ dir: join(dir, 'tls'), nodeName: 'node-a' });
    server = createServer(
      { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        const socket = req.socket as TLSSocket;
        // Names count only once Node has verified the chain against our CA.
        const identity = socket.authorized ? identityFromCertificate(socket.getPeerCertificate()) : undefined;
        seen.push({ path: req.url ?? '', authorized: socket.authorized, identity });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(req.url === '/version' ? version : { authorized: socket.authorized, identity }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  function get(options: { host?: string; cert?: string; key?: string }): Promise<{ authorized: boolean; identity?: CertificateIdentity }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          servername: options.host,
          port,
          path: '/whoami',
          ca: pki.caCert,
          cert: options.cert,
          key: options.key,
          agent: false,
        },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve(JSON.parse(body)));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('authenticates the admin client certificate as system:admin in system:masters', async () => {
    const answer = await get({ cert: pki.adminCert, key: pki.adminKey });
    assert.deepEqual(answer, { authorized: true, identity: { user: 'system:admin', groups: ['system:masters'] } });
  });

  it('verifies the server by the name localhost too', async () => {
    const answer = await get({ host: 'localhost', cert: pki.adminCert, key: pki.adminKey });
    assert.equal(answer.authorized, true);
  });

  it('lets a client without a certificate connect unauthenticated', async () => {
    const answer = await get({});
    assert.deepEqual(answer, { authorized: false });
  });

  it('does not authenticate a certificate from another CA', async () => {
    const other = await createCertificateAuthority();
    const forged = await issueClientCertificate(other, { commonName: 'system:admin', organizations: ['system:masters'] });
    const answer = await get({ cert: forged.cert, key: forged.key });
    assert.deepEqual(answer, { authorized: false });
  });

  it('is accepted by the real kubectl through the written kubeconfig', async (t) => {
    if (!(await kubectlAvailable())) return t.skip('kubectl is not on PATH');
    const kubeconfig = join(dir, 'kubeconfig.yaml');
    await writeKubeconfig({
      path: kubeconfig,
      server: `https://127.0.0.1:${port}`,
      caCert: pki.caCert,
      clientCert: pki.adminCert,
      clientKey: pki.adminKey,
    });
    const { stdout } = await promisify(execFile)('kubectl', ['--kubeconfig', kubeconfig, 'get', '--raw', '/version'], {
      env: { ...process.env, HOME: dir, KUBECONFIG: '' },
      timeout: 30_000,
    });
    assert.deepEqual(JSON.parse(stdout), version);
    const fromKubectl = seen.filter((s) => s.path === '/version');
    assert.ok(fromKubectl.length > 0);
    for (const s of fromKubectl) {
      assert.deepEqual(s, { path: '/version', authorized: true, identity: { user: 'system:admin', groups: ['system:masters'] } });
    }
  });
});
