/**
 * ServiceAccounts, and their `token` subresource (upstream TokenRequest): a POST returns a signed, expiring
 * token for the account, optionally bound to a Pod, Secret or Node that must exist.
 */
import type { TokenRequest } from 'kubernetes-types/authentication/v1';
import type { ServiceAccount } from 'kubernetes-types/core/v1';
import { invalid, notSupported, type FieldError } from '../../../../api/validation/field-errors';
import { errors } from '../../../errors';
import type { BoundObject, ServiceAccountTokens } from '../../../serviceaccount/tokens';
import { age } from '../../../table/age';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy, SubresourceContext } from '../../generic/strategy';
import { timestamp } from '../../generic/codec';

const minExpirationSeconds = 600;
const maxExpirationSeconds = 2 ** 32;
const boundKinds: Record<string, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  Secret: { group: '', resource: 'secrets' },
  Node: { group: '', resource: 'nodes' },
};

async function issueToken(tokens: ServiceAccountTokens, parent: KubeObject, body: KubeObject, ctx: SubresourceContext): Promise<KubeObject> {
  const req = body as unknown as TokenRequest;
  const spec = { ...(req.spec ?? {}) } as TokenRequest['spec'];
  spec.expirationSeconds ??= 3600;
  const errs: FieldError[] = [];
  if (spec.expirationSeconds < minExpirationSeconds) errs.push(invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 10 minutes'));
  if (spec.expirationSeconds > maxExpirationSeconds) errs.push(invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  const ref = spec.boundObjectRef;
  if (ref && !boundKinds[ref.kind ?? '']) errs.push(notSupported('spec.boundObjectRef.kind', ref.kind, Object.keys(boundKinds)));
  if (errs.length) throw errors.invalid('TokenRequest', 'authentication.k8s.io', parent.metadata.name!, errs);
  let bound: BoundObject | undefined;
  if (ref) {
    const where = boundKinds[ref.kind!]!;
    const obj = await ctx.get(where.group, where.resource, ref.kind === 'Node' ? undefined : parent.metadata.namespace, ref.name!);
    if (ref.uid && ref.uid !== obj.metadata.uid)
      throw errors.conflict(where, ref.name!, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    bound = { kind: ref.kind as BoundObject['kind'], name: ref.name!, uid: obj.metadata.uid! };
  }
  const { token, expirationTimestamp } = await tokens.issue({
    namespace: parent.metadata.namespace!,
    serviceAccount: { name: parent.metadata.name!, uid: parent.metadata.uid! },
    audiences: spec.audiences,
    expirationSeconds: spec.expirationSeconds,
    boundObject: bound,
  });
  spec.audiences = spec.audiences?.length ? spec.audiences : tokens.audiences;
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: parent.metadata.name, namespace: parent.metadata.namespace, creationTimestamp: timestamp(ctx.now()) },
    spec,
    status: { token, expirationTimestamp: timestamp(expirationTimestamp.getTime()) },
  };
}

export function serviceAccountStrategy(tokens: ServiceAccountTokens): Strategy {
  const sa = (o: KubeObject) => o as unknown as ServiceAccount;
  return {
    subresources: { token: { create: (parent, body, ctx) => issueToken(tokens, parent, body, ctx) } },
    validate: () => [],
    columns: [nameColumn, { name: 'Secrets', type: 'string', description: 'Number of secrets listed in .secrets.' }, ageColumn],
    row: (obj, now) => [obj.metadata.name, (sa(obj).secrets ?? []).length, age(obj.metadata.creationTimestamp, now)],
  };
}
