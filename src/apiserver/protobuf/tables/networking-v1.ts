/** networking.k8s.io/v1: Ingress. */
import { type SchemaTables, always, field, inline, pointer, repeated } from '../schema';

export const networkingV1: SchemaTables = {
  'networking.v1.Ingress': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: field('spec', 'networking.v1.IngressSpec'),
    3: field('status', 'networking.v1.IngressStatus'),
  },
  'networking.v1.IngressSpec': {
    1: pointer('defaultBackend', 'networking.v1.IngressBackend'),
    2: repeated('tls', 'networking.v1.IngressTLS'),
    3: repeated('rules', 'networking.v1.IngressRule'),
    4: pointer('ingressClassName', 'string'),
  },
  'networking.v1.IngressBackend': {
    3: pointer('resource', 'core.v1.TypedLocalObjectReference'),
    4: pointer('service', 'networking.v1.IngressServiceBackend'),
  },
  'networking.v1.IngressServiceBackend': {
    1: always('name', 'string'),
    2: field('port', 'networking.v1.ServiceBackendPort'),
  },
  'networking.v1.ServiceBackendPort': {
    1: field('name', 'string'),
    2: field('number', 'int32'),
  },
  'networking.v1.IngressTLS': {
    1: repeated('hosts', 'string'),
    2: field('secretName', 'string'),
  },
  'networking.v1.IngressRule': {
    1: field('host', 'string'),
    2: inline('networking.v1.IngressRuleValue'),
  },
  'networking.v1.IngressRuleValue': {
    1: pointer('http', 'networking.v1.HTTPIngressRuleValue'),
  },
  'networking.v1.HTTPIngressRuleValue': {
    1: repeated('paths', 'networking.v1.HTTPIngressPath', 'always'),
  },
  'networking.v1.HTTPIngressPath': {
    1: field('path', 'string'),
    2: field('backend', 'networking.v1.IngressBackend'),
    3: pointer('pathType', 'string'),
  },
  'networking.v1.IngressStatus': {
    1: field('loadBalancer', 'networking.v1.IngressLoadBalancerStatus'),
  },
  'networking.v1.IngressLoadBalancerStatus': {
    1: repeated('ingress', 'networking.v1.IngressLoadBalancerIngress'),
  },
  'networking.v1.IngressLoadBalancerIngress': {
    1: field('ip', 'string'),
    2: field('hostname', 'string'),
    4: repeated('ports', 'networking.v1.IngressPortStatus'),
  },
  'networking.v1.IngressPortStatus': {
    1: always('port', 'int32'),
    2: always('protocol', 'string'),
    3: pointer('error', 'string'),
  },
};
