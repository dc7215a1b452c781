/**
 * Services (upstream pkg/registry/core/service and SetDefaults_Service): defaults, validation with
 * upstream messages, a clusterIP that may not change once set, the Table printer. Allocation of
 * ClusterIPs and NodePorts is not here but in storage.ts: it needs the datastore.
 */
import { isIP } from 'node:net';
import type { Service } from 'kubernetes-types/core/v1';
import { duplicate, type FieldError, forbidden, invalid, notSupported, required } from '../../../../api/validation/field-errors';
import { isDNS1123Label } from '../../../../api/validation/names';
import { type KubeObject, type Strategy, statusSubresource } from '../../generic/strategy';
import { serviceColumns, serviceRow } from './table';

const svc = (o: KubeObject) => o as unknown as Service;
const types = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const protocols = ['SCTP', 'TCP', 'UDP'];
const portRange = 'must be between 1 and 65535, inclusive';

export const usesNodePorts = (type: string | undefined) => type === 'NodePort' || type === 'LoadBalancer';

function defaults(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as Record<string, any>;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.sessionAffinity === 'ClientIP') {
    spec.sessionAffinityConfig ??= {};
    spec.sessionAffinityConfig.clientIP ??= {};
    spec.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
  }
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (spec.type === 'ExternalName') return;
  if (spec.clusterIP && !(spec.clusterIPs ?? []).length) spec.clusterIPs = [spec.clusterIP];
  if (!spec.clusterIP && (spec.clusterIPs ?? []).length) spec.clusterIP = spec.clusterIPs[0];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (usesNodePorts(spec.type) || (spec.externalIPs ?? []).length) spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

function validatePorts(s: NonNullable<Service['spec']>, errs: FieldError[]): void {
  const ports = s.ports ?? [];
  const headless = s.clusterIP === 'None';
  if (ports.length === 0 && !headless && s.type !== 'ExternalName') errs.push(required('spec.ports'));
  const names = new Set<string>();
  for (const [i, p] of ports.entries()) {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(required(`${path}.name`));
    if (p.name) {
      for (const msg of isDNS1123Label(p.name)) errs.push(invalid(`${path}.name`, p.name, msg));
      if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
      names.add(p.name);
    }
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) errs.push(invalid(`${path}.port`, p.port, portRange));
    if (p.protocol !== undefined && !protocols.includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, protocols));
    if (typeof p.targetPort === 'number' && (p.targetPort < 1 || p.targetPort > 65535)) errs.push(invalid(`${path}.targetPort`, p.targetPort, portRange));
    if (p.nodePort && !usesNodePorts(s.type)) errs.push(forbidden(`${path}.nodePort`, `may not be used when \`type\` is '${s.type}'`));
  }
}

function validate(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const s = svc(obj).spec;
  if (!s) return [required('spec')];
  if (!types.includes(s.type ?? '')) errs.push(notSupported('spec.type', s.type, types));
  for (const [i, ip] of (s.clusterIPs ?? []).entries())
    if (ip !== 'None' && !isIP(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, "must be empty, 'None', or a valid IP address"));
  if (s.type === 'ExternalName') {
    if (!s.externalName) errs.push(required('spec.externalName'));
  } else if (s.clusterIP === 'None' && usesNodePorts(s.type)) errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${s.type} services`));
  validatePorts(s, errs);
  if (s.sessionAffinity !== undefined && s.sessionAffinity !== 'None' && s.sessionAffinity !== 'ClientIP') errs.push(notSupported('spec.sessionAffinity', s.sessionAffinity, ['ClientIP', 'None']));
  return errs;
}

export const serviceStrategy: Strategy = {
  subresources: { status: statusSubresource },
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
  },
  defaults,
  validate,
  validateUpdate(obj, old) {
    const errs = validate(obj);
    const before = svc(old).spec;
    const after = svc(obj).spec;
    const oldIPs = before?.type === 'ExternalName' ? [] : (before?.clusterIPs ?? []);
    if (oldIPs.length && after?.type !== 'ExternalName' && (after?.clusterIPs ?? [])[0] !== oldIPs[0])
      errs.push(invalid('spec.clusterIPs[0]', after?.clusterIPs ?? [], 'may not change once set'));
    return errs;
  },
  columns: serviceColumns,
  row: (obj, now) => serviceRow(svc(obj), now),
  selectableFields: (obj) => ({ 'spec.clusterIP': svc(obj).spec?.clusterIP ?? '', 'spec.type': svc(obj).spec?.type ?? '' }),
};
