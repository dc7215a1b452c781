/**
 * Generates src/apiserver/openapi/definitions.json: the OpenAPI v2 `definitions` of every upstream type,
 * keyed by upstream name (`io.k8s.api.core.v1.ConfigMap`), read from the `.d.ts` files of the
 * `kubernetes-types` package with the TypeScript compiler API (which is why typescript is pinned to 5.9:
 * 7.x has no JavaScript API). Descriptions are the packages' TSDoc, which is upstream's text.
 *
 *   npx tsx build/gen-openapi.ts           write the file
 *   npx tsx build/gen-openapi.ts --check   exit 1 if the committed file is stale
 *
 * What the `.d.ts` files cannot say (patch strategies, list types, byte and float formats, IntOrString,
 * which kubernetes-types inlines as `number | string`) comes from the tables at the end of this file,
 * read off upstream's Go types (k8s.io/api, apimachinery, apiextensions-apiserver at v0.30).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

export type Schema = { [key: string]: unknown };

export const outputFile = resolve(__dirname, '../src/apiserver/openapi/definitions.json');
const typesRoot = dirname(require.resolve('kubernetes-types/package.json'));

/** Upstream package of each kubernetes-types module path ("core/v1" → "io.k8s.api.core.v1"). */
export function upstreamPackage(modulePath: string): string {
  const special: Record<string, string> = {
    'meta/v1': 'io.k8s.apimachinery.pkg.apis.meta.v1',
    'api/resource': 'io.k8s.apimachinery.pkg.api.resource',
    'util/intstr': 'io.k8s.apimachinery.pkg.util.intstr',
    runtime: 'io.k8s.apimachinery.pkg.runtime',
    version: 'io.k8s.apimachinery.pkg.version',
  };
  if (special[modulePath]) return special[modulePath];
  const [dir, version] = modulePath.split('/');
  if (!dir || !version) throw new Error(`unexpected kubernetes-types module ${modulePath}`);
  if (dir === 'apiextensions') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  if (dir === 'apiregistration') return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${version}`;
  return `io.k8s.api.${dir}.${version}`;
}

function listModules(dir = typesRoot): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listModules(path));
    else if (entry.name.endsWith('.d.ts')) out.push(relative(typesRoot, path).slice(0, -'.d.ts'.length));
  }
  return out.sort();
}

/** The text of the TSDoc block right before a node, with the ` * ` margins removed; undefined if none. */
function docOf(node: ts.Node, source: ts.SourceFile): string | undefined {
  const ranges = ts.getLeadingCommentRanges(source.text, node.pos) ?? [];
  const last = ranges.filter((r) => source.text.startsWith('/**', r.pos)).pop();
  if (!last) return undefined;
  const body = source.text.slice(last.pos + 3, last.end - 2);
  const lines = body.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
  if (lines.length === 1) return lines[0]!.trim();
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.map((l) => l.replace(/\s+$/, '')).join('\n');
}

interface ModuleContext {
  source: ts.SourceFile;
  pkg: string;
  /** Imported name → upstream package it comes from. */
  imports: Map<string, string>;
}

function moduleContext(modulePath: string): ModuleContext {
  const file = join(typesRoot, modulePath + '.d.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const imports = new Map<string, string>();
  for (const stmt of source.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    const target = join(dirname(modulePath), stmt.moduleSpecifier.text);
    const bindings = stmt.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) imports.set(el.name.text, upstreamPackage(target));
  }
  return { source, pkg: upstreamPackage(modulePath), imports };
}

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

/** The schema of a property or alias type, as upstream's OpenAPI v2 writes it. */
function schemaOfType(node: ts.TypeNode, ctx: ModuleContext, where: string): Schema {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.NumberKeyword:
      // kubernetes-types writes int32, int64 and float64 alike as `number`: integers unless tabled.
      return doubleFields.has(where) ? { type: 'number', format: 'double' } : { type: 'integer' };
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { type: 'string' };
  if (ts.isArrayTypeNode(node)) return { type: 'array', items: schemaOfType(node.elementType, ctx, where) };
  if (ts.isUnionTypeNode(node)) {
    const kinds = node.types.map((t) => t.kind).sort();
    if (kinds.length === 2 && kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword)) {
      return ref(intOrString.name);
    }
    throw new Error(`${where}: unsupported union ${node.getText()}`);
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.length === 1 ? node.members[0] : undefined;
    if (index && ts.isIndexSignatureDeclaration(index) && index.type) {
      return { type: 'object', additionalProperties: schemaOfType(index.type, ctx, where) };
    }
    throw new Error(`${where}: unsupported type literal ${node.getText()}`);
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    if (name === 'Array' && node.typeArguments?.length === 1) {
      return { type: 'array', items: schemaOfType(node.typeArguments[0]!, ctx, where) };
    }
    return ref(`${ctx.imports.get(name) ?? ctx.pkg}.${name}`);
  }
  throw new Error(`${where}: unsupported type ${node.getText()}`);
}

/** Reads `apiVersion: "apps/v1"` and `kind: "Deployment"` literals: the kinds upstream serves. */
function groupVersionKindOf(decl: ts.InterfaceDeclaration): Schema | undefined {
  const literal = (name: string) => {
    const member = decl.members.find((m) => ts.isPropertySignature(m) && m.name.getText() === name) as ts.PropertySignature | undefined;
    const type = member?.type;
    return type && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal) ? type.literal.text : undefined;
  };
  const apiVersion = literal('apiVersion');
  const kind = literal('kind');
  if (!apiVersion || !kind) return undefined;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return { group, kind, version };
}

function propertyName(member: ts.PropertySignature): string {
  return ts.isStringLiteral(member.name) || ts.isIdentifier(member.name) ? member.name.text : member.name.getText();
}

function interfaceSchema(decl: ts.InterfaceDeclaration, ctx: ModuleContext, name: string): Schema {
  const schema: Schema = {};
  const description = docOf(decl, ctx.source);
  if (description) schema.description = description;
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member) || !member.type) throw new Error(`${name}: unsupported member ${member.getText()}`);
    const prop = propertyName(member);
    const where = `${name}.${prop}`;
    const property = schemaOfType(member.type, ctx, where);
    const doc = docOf(member, ctx.source);
    if (doc) property.description = doc;
    properties[prop] = property;
    if (!member.questionToken) required.push(prop);
  }
  if (decl.members.length > 0 || name !== 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON') schema.type = 'object';
  if (Object.keys(properties).length > 0) schema.properties = properties;
  if (required.length > 0) schema.required = required;
  const gvk = groupVersionKindOf(decl);
  if (gvk) schema['x-kubernetes-group-version-kind'] = [gvk];
  return schema;
}

function aliasSchema(decl: ts.TypeAliasDeclaration, ctx: ModuleContext, name: string): Schema {
  const schema: Schema = {};
  const description = docOf(decl, ctx.source);
  if (description) schema.description = description;
  // `string` aliases (Quantity, Time, MicroTime) are scalars; unions (JSONSchemaPropsOrBool, ...) are
  // described but untyped upstream, since they take more than one JSON type.
  if (decl.type.kind === ts.SyntaxKind.StringKeyword) {
    schema.type = 'string';
    if (scalarFormats[name]) schema.format = scalarFormats[name];
  } else if (!ts.isUnionTypeNode(decl.type)) {
    throw new Error(`${name}: unsupported alias ${decl.type.getText()}`);
  }
  return schema;
}

/** Applies the tables of what the `.d.ts` files do not carry. */
function applyTables(definitions: Record<string, Schema>): void {
  const property = (path: string): Schema => {
    const dot = path.lastIndexOf('.');
    const props = definitions[path.slice(0, dot)]?.properties as Record<string, Schema> | undefined;
    const prop = props?.[path.slice(dot + 1)];
    if (!prop) throw new Error(`table entry ${path} names no property of kubernetes-types`);
    return prop;
  };
  for (const [type, props] of Object.entries(missingProperties)) {
    const def = definitions[type];
    if (!def) throw new Error(`table entry ${type} names no type of kubernetes-types`);
    def.properties = { ...(def.properties as Record<string, Schema>), ...props };
  }
  for (const [pkg, fields] of Object.entries(patchAndListFields)) {
    for (const [path, extensions] of Object.entries(fields)) Object.assign(property(`${pkg}.${path}`), extensions);
  }
  for (const path of byteFields) {
    const prop = property(path);
    const target = (prop.additionalProperties as Schema | undefined) ?? prop;
    if (target.type !== 'string') throw new Error(`byte field ${path} is not a string`);
    target.format = 'byte';
  }
  for (const type of atomicStructs) {
    const def = definitions[type];
    if (!def) throw new Error(`table entry ${type} names no type of kubernetes-types`);
    def['x-kubernetes-map-type'] = 'atomic';
  }
  for (const [type, gvks] of Object.entries(groupVersionKinds)) {
    const def = definitions[type];
    if (!def) throw new Error(`table entry ${type} names no type of kubernetes-types`);
    def['x-kubernetes-group-version-kind'] = gvks;
  }
  for (const path of doubleFields) if (property(path).type !== 'number') throw new Error(`double field ${path} is not a number`);
}

/** Objects with sorted keys, as upstream's JSON (Go maps) has them: stable output, small diffs. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** Every upstream definition kubernetes-types carries, keyed by upstream name. */
export function generateDefinitions(): Record<string, Schema> {
  const definitions: Record<string, Schema> = { [intOrString.name]: { ...intOrString.schema } };
  for (const modulePath of listModules()) {
    const ctx = moduleContext(modulePath);
    for (const stmt of ctx.source.statements) {
      if (ts.isInterfaceDeclaration(stmt)) {
        const name = `${ctx.pkg}.${stmt.name.text}`;
        definitions[name] = interfaceSchema(stmt, ctx, name);
      } else if (ts.isTypeAliasDeclaration(stmt)) {
        const name = `${ctx.pkg}.${stmt.name.text}`;
        definitions[name] = aliasSchema(stmt, ctx, name);
      }
    }
  }
  applyTables(definitions);
  for (const [name, schema] of Object.entries(definitions)) checkRefs(name, schema, definitions);
  return sortKeys(definitions) as Record<string, Schema>;
}

function checkRefs(where: string, schema: unknown, definitions: Record<string, Schema>): void {
  if (schema === null || typeof schema !== 'object') return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && !definitions[value.replace('#/definitions/', '')]) {
      throw new Error(`${where}: $ref ${value} has no definition`);
    }
    checkRefs(where, value, definitions);
  }
}

/** The file's text: compact JSON, one trailing newline. */
export function renderDefinitions(definitions = generateDefinitions()): string {
  return JSON.stringify(definitions) + '\n';
}

function main(): void {
  const started = performance.now();
  const text = renderDefinitions();
  const ms = Math.round(performance.now() - started);
  if (process.argv.includes('--check')) {
    const current = readFileSync(outputFile, 'utf8');
    if (current !== text) {
      console.error(`${relative(process.cwd(), outputFile)} is stale: run npx tsx build/gen-openapi.ts`);
      process.exit(1);
    }
    console.log(`${relative(process.cwd(), outputFile)} is up to date (${ms} ms)`);
    return;
  }
  writeFileSync(outputFile, text);
  const count = Object.keys(JSON.parse(text) as object).length;
  console.log(`wrote ${relative(process.cwd(), outputFile)}: ${count} definitions, ${(text.length / 1024).toFixed(0)} KiB in ${ms} ms`);
}

// ---- What the .d.ts files do not carry, read off upstream's Go types (v0.30) ----

const patch = (strategy: string, mergeKey?: string): Schema =>
  mergeKey ? { 'x-kubernetes-patch-strategy': strategy, 'x-kubernetes-patch-merge-key': mergeKey } : { 'x-kubernetes-patch-strategy': strategy };
const listMap = (...keys: string[]): Schema => ({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys });
const list = (type: 'set' | 'atomic'): Schema => ({ 'x-kubernetes-list-type': type });
const mapType = (type: 'atomic' | 'granular'): Schema => ({ 'x-kubernetes-map-type': type });

/**
 * Fields with upstream's `patchStrategy`/`patchMergeKey` struct tags (what kubectl's strategic merge patch
 * reads) and the `+listType`/`+listMapKey`/`+mapType` markers that are not the default (atomic lists are
 * left out), per package. EphemeralContainerCommon's fields are EphemeralContainer's in OpenAPI.
 */
const patchAndListFields: Record<string, Record<string, Schema>> = {
  'io.k8s.api.admissionregistration.v1': {
    'ValidatingAdmissionPolicyStatus.conditions': { ...listMap('type') },
    'ValidatingAdmissionPolicySpec.matchConditions': { ...patch('merge', 'name'), ...listMap('name') },
    'ValidatingAdmissionPolicySpec.variables': { ...patch('merge', 'name'), ...listMap('name') },
    'ValidatingAdmissionPolicyBindingSpec.validationActions': { ...list('set') },
    'ValidatingWebhookConfiguration.webhooks': { ...patch('merge', 'name'), ...listMap('name') },
    'MutatingWebhookConfiguration.webhooks': { ...patch('merge', 'name'), ...listMap('name') },
    'ValidatingWebhook.matchConditions': { ...patch('merge', 'name'), ...listMap('name') },
    'MutatingWebhook.matchConditions': { ...patch('merge', 'name'), ...listMap('name') },
  },
  'io.k8s.api.apps.v1': {
    'StatefulSetStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'DeploymentSpec.strategy': { ...patch('retainKeys') },
    'DeploymentStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'DaemonSetStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'ReplicaSetStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
  },
  'io.k8s.api.autoscaling.v2': {
    'HorizontalPodAutoscalerStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
  },
  'io.k8s.api.batch.v1': {
    'PodFailurePolicyOnExitCodesRequirement.values': { ...list('set') },
    'JobStatus.conditions': { ...patch('merge', 'type'), ...list('atomic') },
    'UncountedTerminatedPods.succeeded': { ...list('set') },
    'UncountedTerminatedPods.failed': { ...list('set') },
  },
  'io.k8s.api.certificates.v1': {
    'CertificateSigningRequestStatus.conditions': { ...listMap('type') },
  },
  'io.k8s.api.core.v1': {
    'PersistentVolumeSpec.claimRef': { ...mapType('granular') },
    'PersistentVolumeClaimStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'PersistentVolumeClaimStatus.allocatedResourceStatuses': { ...mapType('granular') },
    'ResourceRequirements.claims': { ...listMap('name') },
    'Container.ports': { ...patch('merge', 'containerPort'), ...listMap('containerPort', 'protocol') },
    'Container.env': { ...patch('merge', 'name'), ...listMap('name') },
    'Container.volumeMounts': { ...patch('merge', 'mountPath'), ...listMap('mountPath') },
    'Container.volumeDevices': { ...patch('merge', 'devicePath'), ...listMap('devicePath') },
    'ContainerStatus.volumeMounts': { ...patch('merge', 'mountPath'), ...listMap('mountPath') },
    'PodSpec.volumes': { ...patch('merge,retainKeys', 'name'), ...listMap('name') },
    'PodSpec.initContainers': { ...patch('merge', 'name'), ...listMap('name') },
    'PodSpec.containers': { ...patch('merge', 'name'), ...listMap('name') },
    'PodSpec.ephemeralContainers': { ...patch('merge', 'name'), ...listMap('name') },
    'PodSpec.nodeSelector': { ...mapType('atomic') },
    'PodSpec.imagePullSecrets': { ...patch('merge', 'name'), ...listMap('name') },
    'PodSpec.hostAliases': { ...patch('merge', 'ip'), ...listMap('ip') },
    'PodSpec.topologySpreadConstraints': { ...patch('merge', 'topologyKey'), ...listMap('topologyKey', 'whenUnsatisfiable') },
    'PodSpec.schedulingGates': { ...patch('merge', 'name'), ...listMap('name') },
    'PodSpec.resourceClaims': { ...patch('merge,retainKeys', 'name'), ...listMap('name') },
    'EphemeralContainer.ports': { ...patch('merge', 'containerPort'), ...listMap('containerPort', 'protocol') },
    'EphemeralContainer.env': { ...patch('merge', 'name'), ...listMap('name') },
    'EphemeralContainer.volumeMounts': { ...patch('merge', 'mountPath'), ...listMap('mountPath') },
    'EphemeralContainer.volumeDevices': { ...patch('merge', 'devicePath'), ...listMap('devicePath') },
    'PodStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'PodStatus.hostIPs': { ...patch('merge', 'ip'), ...list('atomic') },
    'PodStatus.podIPs': { ...patch('merge', 'ip'), ...listMap('ip') },
    'PodStatus.resourceClaimStatuses': { ...patch('merge,retainKeys', 'name'), ...listMap('name') },
    'ReplicationControllerSpec.selector': { ...mapType('atomic') },
    'ReplicationControllerStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'ServiceStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'ServiceSpec.ports': { ...patch('merge', 'port'), ...listMap('port', 'protocol') },
    'ServiceSpec.selector': { ...mapType('atomic') },
    'ServiceAccount.secrets': { ...patch('merge', 'name'), ...listMap('name') },
    'NodeSpec.podCIDRs': { ...patch('merge'), ...list('set') },
    'NodeStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'NodeStatus.addresses': { ...patch('merge', 'type'), ...listMap('type') },
    'NamespaceStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'ComponentStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
  },
  'io.k8s.api.discovery.v1': {
    'Endpoint.addresses': { ...list('set') },
  },
  'io.k8s.api.flowcontrol.v1': {
    'ResourcePolicyRule.verbs': { ...list('set') },
    'ResourcePolicyRule.apiGroups': { ...list('set') },
    'ResourcePolicyRule.resources': { ...list('set') },
    'ResourcePolicyRule.namespaces': { ...list('set') },
    'NonResourcePolicyRule.verbs': { ...list('set') },
    'NonResourcePolicyRule.nonResourceURLs': { ...list('set') },
    'FlowSchemaStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'PriorityLevelConfigurationStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
  },
  'io.k8s.api.node.v1': {
    'Scheduling.nodeSelector': { ...mapType('atomic') },
  },
  'io.k8s.api.policy.v1': {
    'PodDisruptionBudgetSpec.selector': { ...patch('replace') },
    'PodDisruptionBudgetStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
  },
  'io.k8s.api.storage.v1': {
    'CSIDriverSpec.volumeLifecycleModes': { ...list('set') },
    'CSINodeSpec.drivers': { ...patch('merge', 'name'), ...listMap('name') },
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1': {
    'CustomResourceDefinitionStatus.conditions': { ...listMap('type') },
    'JSONSchemaProps.x-kubernetes-validations': { ...patch('merge', 'rule'), ...listMap('rule') },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1': {
    'ObjectMeta.ownerReferences': { ...patch('merge', 'uid'), ...listMap('uid') },
    'ObjectMeta.finalizers': { ...patch('merge'), ...list('set') },
  },
  'io.k8s.api.admissionregistration.v1alpha1': {
    'ValidatingAdmissionPolicySpec.matchConditions': { ...patch('merge', 'name'), ...listMap('name') },
    'ValidatingAdmissionPolicySpec.variables': { ...patch('merge', 'name'), ...listMap('name') },
  },
  'io.k8s.api.admissionregistration.v1beta1': {
    'ValidatingAdmissionPolicySpec.matchConditions': { ...patch('merge', 'name'), ...listMap('name') },
    'ValidatingAdmissionPolicySpec.variables': { ...patch('merge', 'name'), ...listMap('name') },
  },
  'io.k8s.api.flowcontrol.v1beta3': {
    'FlowSchemaStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'PriorityLevelConfigurationStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
  },
  'io.k8s.api.networking.v1alpha1': {
    'ServiceCIDRStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
  },
  'io.k8s.api.resource.v1alpha2': {
    'ResourceClaimStatus.reservedFor': { ...patch('merge', 'uid'), ...listMap('uid') },
  },
  'io.k8s.api.storagemigration.v1alpha1': {
    'StorageVersionMigrationStatus.conditions': { ...patch('merge', 'type'), ...listMap('type') },
    'StorageVersionMigrationList.items': { ...patch('merge', 'type'), ...listMap('type') },
  },
};

/** Structs upstream marks `+structType=atomic`: server-side apply replaces them whole. */
const atomicStructs = [
  'io.k8s.api.admissionregistration.v1.MatchResources',
  'io.k8s.api.admissionregistration.v1.NamedRuleWithOperations',
  'io.k8s.api.admissionregistration.v1.ParamKind',
  'io.k8s.api.admissionregistration.v1.ParamRef',
  'io.k8s.api.admissionregistration.v1.Variable',
  'io.k8s.api.autoscaling.v1.CrossVersionObjectReference',
  'io.k8s.api.core.v1.ConfigMapKeySelector',
  'io.k8s.api.core.v1.EndpointAddress',
  'io.k8s.api.core.v1.EndpointPort',
  'io.k8s.api.core.v1.LocalObjectReference',
  'io.k8s.api.core.v1.NodeSelector',
  'io.k8s.api.core.v1.NodeSelectorTerm',
  'io.k8s.api.core.v1.ObjectFieldSelector',
  'io.k8s.api.core.v1.ObjectReference',
  'io.k8s.api.core.v1.ResourceFieldSelector',
  'io.k8s.api.core.v1.ScopeSelector',
  'io.k8s.api.core.v1.SecretKeySelector',
  'io.k8s.api.core.v1.SecretReference',
  'io.k8s.api.core.v1.TopologySelectorTerm',
  'io.k8s.api.core.v1.TypedLocalObjectReference',
  'io.k8s.api.discovery.v1.EndpointPort',
  'io.k8s.api.rbac.v1.RoleRef',
  'io.k8s.api.rbac.v1.Subject',
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference',
];

/** `[]byte` fields (base64 in JSON): the string, or for maps each value, gets `format: byte`. */
const byteFields = [
  'io.k8s.api.core.v1.Secret.data',
  'io.k8s.api.core.v1.ConfigMap.binaryData',
  'io.k8s.api.certificates.v1.CertificateSigningRequestSpec.request',
  'io.k8s.api.certificates.v1.CertificateSigningRequestStatus.certificate',
  'io.k8s.api.admissionregistration.v1.WebhookClientConfig.caBundle',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookClientConfig.caBundle',
];

/** The only float64 fields; every other `number` is an integer. */
const doubleFields = new Set([
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.maximum',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.minimum',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.multipleOf',
]);

/** String aliases with a format: the timestamps. */
const scalarFormats: Record<string, string> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'date-time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'date-time',
};

/**
 * IntOrString, which kubernetes-types inlines as `number | string`: upstream names it and every such
 * field refers to it. The description is ours (the package does not carry upstream's).
 */
const intOrString = {
  name: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  schema: {
    description: 'IntOrString holds either an int32 or a string, and is written in JSON as whichever it holds: a field that takes a number or a name.',
    format: 'int-or-string',
    type: 'string',
  } as Schema,
};

/** meta/v1 kinds whose `apiVersion`/`kind` are plain strings in kubernetes-types but fixed upstream. */
const groupVersionKinds: Record<string, Schema[]> = Object.fromEntries(
  ['APIGroup', 'APIGroupList', 'APIResourceList', 'APIVersions', 'Status'].map((kind) => [
    `io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`,
    [{ group: '', kind, version: 'v1' }],
  ]),
);

/** JSONSchemaProps' `x-kubernetes-*` fields, which kubernetes-types leaves out; descriptions are ours. */
const missingProperties: Record<string, Record<string, Schema>> = {
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps': {
    'x-kubernetes-embedded-resource': {
      type: 'boolean',
      description: 'x-kubernetes-embedded-resource says the value is a whole Kubernetes object (apiVersion, kind, metadata are checked). Needs type object.',
    },
    'x-kubernetes-int-or-string': {
      type: 'boolean',
      description: 'x-kubernetes-int-or-string says the value may be an integer or a string, as for an IntOrString field.',
    },
    'x-kubernetes-list-map-keys': {
      type: 'array',
      items: { type: 'string' },
      description: 'x-kubernetes-list-map-keys names the fields that identify an item of a list of type map.',
      ...list('atomic'),
    },
    'x-kubernetes-list-type': {
      type: 'string',
      description: 'x-kubernetes-list-type says how a list merges: atomic (whole), set (unique scalars) or map (items keyed by x-kubernetes-list-map-keys).',
    },
    'x-kubernetes-map-type': {
      type: 'string',
      description: 'x-kubernetes-map-type says how a map merges: granular (per key, the default) or atomic (whole).',
    },
    'x-kubernetes-preserve-unknown-fields': {
      type: 'boolean',
      description: 'x-kubernetes-preserve-unknown-fields keeps fields the schema does not specify instead of pruning them.',
    },
    'x-kubernetes-validations': {
      type: 'array',
      items: { $ref: '#/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule' },
      description: 'x-kubernetes-validations lists CEL rules the value must satisfy.',
    },
  },
};

if (require.main === module) main();
