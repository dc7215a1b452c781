// The real kubectl against discovery: each installed version (the default one, 1.27, 1.33) in turn.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ResourceInfo, standardVerbs } from '../../api/resources';
import { coreFixture as builtinResources } from '../test-fixtures';
import { kubectlBinaries, runKubectl, startTestServer, type TestServer } from './kubectl-harness';

const deployments: ResourceInfo = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: ['status', 'scale'],
};
const resources = [...builtinResources, deployments];
const binaries = kubectlBinaries();

describe('kubectl discovery', { skip: binaries.length === 0 ? 'kubectl is not installed' : false }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(() => resources);
  });
  after(() => server.close());

  for (const bin of binaries) {
    test(`${bin.name} api-resources lists the table with upstream columns`, async () => {
      const seen = server.requests.length;
      const { code, stdout, stderr } = await runKubectl(bin, server.url, ['api-resources']);
      // Aggregated discovery answered everything: no per-group-version requests followed.
      const paths = server.requests.slice(seen).map((r) => r.line.split('?')[0]);
      assert.ok(paths.includes('GET /apis'), paths.join(', '));
      assert.ok(!paths.includes('GET /api/v1') && !paths.includes('GET /apis/apps/v1'), paths.join(', '));
      assert.equal(code, 0, stderr);
      const lines = stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
      const rows = lines.slice(1).map((l) => l.trim().split(/\s+/));
      assert.deepEqual(rows, [
        ['configmaps', 'cm', 'v1', 'true', 'ConfigMap'],
        ['events', 'ev', 'v1', 'true', 'Event'],
        ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
        ['secrets', 'v1', 'true', 'Secret'],
        ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'],
      ]);
    });

    test(`${bin.name} api-versions and api-resources filters`, async () => {
      const versions = await runKubectl(bin, server.url, ['api-versions']);
      assert.equal(versions.code, 0, versions.stderr);
      assert.deepEqual(versions.stdout.trim().split('\n'), ['apps/v1', 'v1']);
      const namespaced = await runKubectl(bin, server.url, ['api-resources', '--namespaced=false', '-o', 'name']);
      assert.equal(namespaced.stdout.trim(), 'namespaces');
      const wide = await runKubectl(bin, server.url, ['api-resources', '--api-group=apps', '-o', 'wide']);
      assert.match(wide.stdout, /deployments\s+deploy\s+apps\/v1\s+true\s+Deployment\s+create,delete,deletecollection,get,list,patch,update,watch\s+all/);
    });
  }
});
