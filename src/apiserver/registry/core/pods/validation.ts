/** Validation of a PodSpec with upstream's field paths and wording (pkg/apis/core/validation). */
import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import { duplicate, type FieldError, invalid, notSupported, required } from '../../../../api/validation/field-errors';
import { isDNS1123Label } from '../../../../api/validation/names';
import { parseQuantity } from './qos';

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
const protocols = ['SCTP', 'TCP', 'UDP'];
const portRange = 'must be between 1 and 65535, inclusive';

function validatePort(value: unknown, path: string, errs: FieldError[], requiredPort: boolean): void {
  if (value === undefined || value === 0) {
    if (requiredPort) errs.push(required(path));
    return;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) errs.push(invalid(path, value, portRange));
}

function validateContainers(list: Container[] | undefined, path: string, names: Set<string>, errs: FieldError[]): void {
  for (const [i, c] of (list ?? []).entries()) {
    const p = `${path}[${i}]`;
    if (!c.name) errs.push(required(`${p}.name`));
    else {
      for (const msg of isDNS1123Label(c.name)) errs.push(invalid(`${p}.name`, c.name, msg));
      if (names.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
      names.add(c.name);
    }
    if (!c.image) errs.push(required(`${p}.image`));
    validateResources(c, p, errs);
    if (c.imagePullPolicy !== undefined && !pullPolicies.includes(c.imagePullPolicy)) errs.push(notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, pullPolicies));
    const portNames = new Set<string>();
    for (const [j, port] of (c.ports ?? []).entries()) {
      const pp = `${p}.ports[${j}]`;
      validatePort(port.containerPort, `${pp}.containerPort`, errs, true);
      validatePort(port.hostPort, `${pp}.hostPort`, errs, false);
      if (port.protocol !== undefined && !protocols.includes(port.protocol)) errs.push(notSupported(`${pp}.protocol`, port.protocol, protocols));
      if (port.name) {
        if (portNames.has(port.name)) errs.push(duplicate(`${pp}.name`, port.name));
        portNames.add(port.name);
      }
    }
  }
}

function validateResources(c: Container, path: string, errs: FieldError[]): void {
  const requests = (c.resources?.requests ?? {}) as Record<string, string | number>;
  const limits = (c.resources?.limits ?? {}) as Record<string, string | number>;
  for (const [kind, list] of [['requests', requests], ['limits', limits]] as const)
    for (const [name, q] of Object.entries(list))
      if (Number.isNaN(parseQuantity(q))) errs.push(invalid(`${path}.resources.${kind}[${name}]`, q, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
      else if (parseQuantity(q) < 0) errs.push(invalid(`${path}.resources.${kind}[${name}]`, String(q), 'must be greater than or equal to 0'));
  for (const [name, q] of Object.entries(requests)) {
    const limit = limits[name];
    if (limit !== undefined && parseQuantity(q) > parseQuantity(limit))
      errs.push(invalid(`${path}.resources.requests[${name}]`, String(q), `must be less than or equal to ${name} limit of ${limit}`));
  }
}

/** Validates a PodSpec found at `path` (`spec`, `spec.template.spec`, …). */
export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec) return [required(path)];
  if (!spec.containers || spec.containers.length === 0) errs.push(required(`${path}.containers`));
  const names = new Set<string>();
  validateContainers(spec.containers, `${path}.containers`, names, errs);
  validateContainers(spec.initContainers, `${path}.initContainers`, names, errs);
  if (spec.restartPolicy !== undefined && !restartPolicies.includes(spec.restartPolicy)) errs.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, restartPolicies));
  if (spec.dnsPolicy !== undefined && !dnsPolicies.includes(spec.dnsPolicy)) errs.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, dnsPolicies));
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0)
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= 0)
    errs.push(invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  const volumes = new Set<string>();
  for (const [i, v] of (spec.volumes ?? []).entries()) {
    if (!v.name) errs.push(required(`${path}.volumes[${i}].name`));
    else if (volumes.has(v.name)) errs.push(duplicate(`${path}.volumes[${i}].name`, v.name));
    volumes.add(v.name);
  }
  return errs;
}
