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
};

export interface BuiltinDependencies {
  tokens: ServiceAccountTokens;
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
  for (const info of builtinResources) registry.register(info, withTableSubresources(info, withDeps[`${info.group}/${info.resource}`] ?? defaultStrategy(info)));
}
