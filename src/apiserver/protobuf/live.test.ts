/**
 * Live check against the installed kubectl 1.33 (skipped when it is absent): the body each typed
 * `kubectl create` sends to a capture server on 127.0.0.1 decodes to what `--dry-run=client -o json` prints.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeKubernetesProtobuf } from './index';
import { CaptureServer } from './testing/capture-server';
import { KubectlRunner, findKubectl } from './testing/kubectl';

const bin = findKubectl('1.33');

describe('kubectl 1.33 live', { skip: bin ? false : 'kubectl.1.33 is not installed' }, () => {
  let server: CaptureServer;
  let runner: KubectlRunner;

  before(async () => {
    server = await CaptureServer.start();
    runner = new KubectlRunner({ bin: bin!, server });
    writeFileSync(join(runner.workDir, 'blob'), Uint8Array.of(0, 1, 2, 0xfe, 0xff));
  });

  after(async () => {
    runner.dispose();
    await server.close();
  });

  const cases: { name: string; args: (dir: string) => string[] }[] = [
    { name: 'create configmap', args: (dir) => ['create', 'configmap', 'live-cm', '--from-literal=greeting=hello world', `--from-file=blob=${dir}/blob`] },
    { name: 'create secret generic', args: (dir) => ['create', 'secret', 'generic', 'live-secret', '--from-literal=password=s3cr3t', `--from-file=blob=${dir}/blob`] },
    { name: 'create namespace', args: () => ['create', 'namespace', 'live-ns'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { dryRun, request } = await runner.capture(c.args(runner.workDir));
      assert.equal(request.contentType, 'application/vnd.kubernetes.protobuf');
      assert.deepStrictEqual(decodeKubernetesProtobuf(request.body), dryRun);
    });
  }
});
