/** Registers every built-in resource of the resource table with its strategy (its own, or the default one). */
import { builtinResources } from '../../api/resources';
import { defaultStrategy } from './generic/default-strategy';
import { type Strategy, statusSubresource } from './generic/strategy';
import { scaleSubresource } from './generic/scale';
import type { Registry } from './registry';
import { namespaceStrategy } from './core/namespaces/strategy';
import { configMapStrategy } from './core/configmaps/strategy';
import { secretStrategy } from './core/secrets/strategy';
import { eventStrategy } from './core/events/strategy';
import { serviceAccountStrategy } from './core/serviceaccounts/strategy';
import { eventsV1Conversion, eventsV1Strategy } from './events.k8s.io/events/strategy';
import { hpaV1Conversion } from './autoscaling/horizontalpodautoscalers-v1/conversion';
import { horizontalPodAutoscalerV1Strategy } from './autoscaling/horizontalpodautoscalers-v1/strategy';
import { GenericStore, type StorageConversion } from './generic/store';
import { selfSubjectReviewStrategy, tokenReviewStrategy } from './authentication/reviews';
import {
  localSubjectAccessReviewStrategy,
  selfSubjectAccessReviewStrategy,
  selfSubjectRulesReviewStrategy,
  subjectAccessReviewStrategy,
} from './authorization/reviews';
import { serviceAccountTokenAuthenticator } from '../authn/service-account';
import { customResourceDefinitionStrategy } from './apiextensions/customresourcedefinitions/strategy';
import type { ServiceAccountTokens } from '../serviceaccount/tokens';
import { csiDriverStrategy } from './storage.k8s.io/csidrivers/strategy';
import { csiNodeStrategy } from './storage.k8s.io/csinodes/strategy';
import { csiStorageCapacityStrategy } from './storage.k8s.io/csistoragecapacities/strategy';
import { volumeAttachmentStrategy } from './storage.k8s.io/volumeattachments/strategy';
import { runtimeClassStrategy } from './node.k8s.io/runtimeclasses/strategy';
import { mutatingWebhookConfigurationStrategy } from './admissionregistration.k8s.io/mutatingwebhookconfigurations/strategy';
import { validatingWebhookConfigurationStrategy } from './admissionregistration.k8s.io/validatingwebhookconfigurations/strategy';
import { certificateSigningRequestStrategy } from './certificates.k8s.io/certificatesigningrequests/strategy';
import { serviceStrategy } from './core/services/strategy';
import { installServiceAllocation, type ServiceAllocationOptions } from './core/services/storage';
import { nodeStrategy } from './core/nodes/strategy';
import { endpointsStrategy } from './core/endpoints/strategy';
import { persistentVolumeStrategy } from './core/persistentvolumes/strategy';
import { persistentVolumeClaimStrategy } from './core/persistentvolumeclaims/strategy';
import { limitRangeStrategy } from './core/limitranges/strategy';
import { resourceQuotaStrategy } from './core/resourcequotas/strategy';
import { podTemplateStrategy } from './core/podtemplates/strategy';
import { endpointSliceStrategy } from './discovery.k8s.io/endpointslices/strategy';
import { storageClassStrategy } from './storage.k8s.io/storageclasses/strategy';
import { ingressStrategy } from './networking.k8s.io/ingresses/strategy';
import { ingressClassStrategy } from './networking.k8s.io/ingressclasses/strategy';
import { networkPolicyStrategy } from './networking.k8s.io/networkpolicies/strategy';
import { leaseStrategy } from './coordination.k8s.io/leases/strategy';
import { horizontalPodAutoscalerStrategy } from './autoscaling/horizontalpodautoscalers/strategy';
import { podDisruptionBudgetStrategy } from './policy/poddisruptionbudgets/strategy';
import { roleStrategy } from './rbac.authorization.k8s.io/roles/strategy';
import { clusterRoleStrategy } from './rbac.authorization.k8s.io/clusterroles/strategy';
import { roleBindingStrategy } from './rbac.authorization.k8s.io/rolebindings/strategy';
import { clusterRoleBindingStrategy } from './rbac.authorization.k8s.io/clusterrolebindings/strategy';
import { priorityClassStrategy } from './scheduling.k8s.io/priorityclasses/strategy';
import { podStrategy } from './core/pods/strategy';
import { replicationControllerStrategy } from './core/replicationcontrollers/strategy';
import { deploymentStrategy } from './apps/deployments/strategy';
import { replicaSetStrategy } from './apps/replicasets/strategy';
import { statefulSetStrategy } from './apps/statefulsets/strategy';
import { daemonSetStrategy } from './apps/daemonsets/strategy';
import { controllerRevisionStrategy } from './apps/controllerrevisions/strategy';
import { jobStrategy } from './batch/jobs/strategy';
import { cronJobStrategy } from './batch/cronjobs/strategy';

const strategies: Record<string, Strategy> = {
  '/namespaces': namespaceStrategy,
  '/configmaps': configMapStrategy,
  '/secrets': secretStrategy,
  '/events': eventStrategy,
  '/pods': podStrategy,
  '/replicationcontrollers': replicationControllerStrategy,
  'apps/deployments': deploymentStrategy,
  'apps/replicasets': replicaSetStrategy,
  'apps/statefulsets': statefulSetStrategy,
  'apps/daemonsets': daemonSetStrategy,
  'apps/controllerrevisions': controllerRevisionStrategy,
  'batch/jobs': jobStrategy,
  'batch/cronjobs': cronJobStrategy,
  'apiextensions.k8s.io/customresourcedefinitions': customResourceDefinitionStrategy,
  '/nodes': nodeStrategy,
  '/endpoints': endpointsStrategy,
  '/persistentvolumes': persistentVolumeStrategy,
  '/persistentvolumeclaims': persistentVolumeClaimStrategy,
  '/limitranges': limitRangeStrategy,
  '/resourcequotas': resourceQuotaStrategy,
  '/podtemplates': podTemplateStrategy,
  'discovery.k8s.io/endpointslices': endpointSliceStrategy,
  'storage.k8s.io/storageclasses': storageClassStrategy,
  'networking.k8s.io/ingresses': ingressStrategy,
  'networking.k8s.io/ingressclasses': ingressClassStrategy,
  'networking.k8s.io/networkpolicies': networkPolicyStrategy,
  'coordination.k8s.io/leases': leaseStrategy,
  'autoscaling/horizontalpodautoscalers': horizontalPodAutoscalerStrategy,
  'policy/poddisruptionbudgets': podDisruptionBudgetStrategy,
  'rbac.authorization.k8s.io/roles': roleStrategy,
  'rbac.authorization.k8s.io/clusterroles': clusterRoleStrategy,
  'rbac.authorization.k8s.io/rolebindings': roleBindingStrategy,
  'rbac.authorization.k8s.io/clusterrolebindings': clusterRoleBindingStrategy,
  'scheduling.k8s.io/priorityclasses': priorityClassStrategy,
  '/services': serviceStrategy,
  'storage.k8s.io/csidrivers': csiDriverStrategy,
  'storage.k8s.io/csinodes': csiNodeStrategy,
  'storage.k8s.io/csistoragecapacities': csiStorageCapacityStrategy,
  'storage.k8s.io/volumeattachments': volumeAttachmentStrategy,
  'node.k8s.io/runtimeclasses': runtimeClassStrategy,
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': mutatingWebhookConfigurationStrategy,
  'admissionregistration.k8s.io/validatingwebhookconfigurations': validatingWebhookConfigurationStrategy,
  'certificates.k8s.io/certificatesigningrequests': certificateSigningRequestStrategy,
};

export interface BuiltinDependencies {
  tokens: ServiceAccountTokens;
  /** The datastore and ranges Services allocate ClusterIPs and NodePorts from; without it Services get none. */
  services?: ServiceAllocationOptions;
}

/** The status and scale subresources the resource table lists, for strategies that do not bring their own. */
function withTableSubresources(info: (typeof builtinResources)[number], strategy: Strategy): Strategy {
  const subresources = { ...(strategy.subresources ?? {}) };
  if (info.subresources?.includes('status')) subresources.status ??= statusSubresource;
  if (info.subresources?.includes('scale')) subresources.scale ??= scaleSubresource({ mapSelector: info.kind === 'ReplicationController' });
  return Object.keys(subresources).length ? { ...strategy, subresources } : strategy;
}

export function registerBuiltins(registry: Registry, deps: BuiltinDependencies): void {
  const withDeps: Record<string, Strategy> = {
    ...strategies,
    '/serviceaccounts': serviceAccountStrategy(deps.tokens),
    'authentication.k8s.io/tokenreviews': tokenReviewStrategy(serviceAccountTokenAuthenticator(deps.tokens, registry), deps.tokens.audiences),
    'authentication.k8s.io/selfsubjectreviews': selfSubjectReviewStrategy,
    'authorization.k8s.io/subjectaccessreviews': subjectAccessReviewStrategy,
    'authorization.k8s.io/localsubjectaccessreviews': localSubjectAccessReviewStrategy,
    'authorization.k8s.io/selfsubjectaccessreviews': selfSubjectAccessReviewStrategy,
    'authorization.k8s.io/selfsubjectrulesreviews': selfSubjectRulesReviewStrategy,
  };
  // Resources stored as another resource (another version or group), as upstream.
  const find = (group: string, version: string, resource: string) => builtinResources.find((r) => r.group === group && r.version === version && r.resource === resource)!;
  const converted: Record<string, [Strategy, StorageConversion]> = {
    'events.k8s.io/v1/events': [eventsV1Strategy, eventsV1Conversion(find('', 'v1', 'events'))],
    'autoscaling/v1/horizontalpodautoscalers': [horizontalPodAutoscalerV1Strategy, hpaV1Conversion(find('autoscaling', 'v2', 'horizontalpodautoscalers'))],
  };
  for (const info of builtinResources) {
    const conversion = converted[`${info.group}/${info.version}/${info.resource}`];
    if (conversion) {
      registry.register(info, conversion[0], (o) => new GenericStore({ ...o, conversion: conversion[1] }));
      continue;
    }
    registry.register(info, withTableSubresources(info, withDeps[`${info.group}/${info.resource}`] ?? defaultStrategy(info)));
  }
  if (deps.services) installServiceAllocation(registry.store('', 'services'), deps.services);
}
