/** authentication.k8s.io/v1: TokenRequest, the body of `kubectl create token`. */
import { type SchemaTables, always, field, pointer, repeated } from '../schema';

export const authenticationV1: SchemaTables = {
  'authentication.v1.TokenRequest': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: field('spec', 'authentication.v1.TokenRequestSpec'),
    3: field('status', 'authentication.v1.TokenRequestStatus'),
  },
  'authentication.v1.TokenRequestSpec': {
    1: repeated('audiences', 'string', 'always'),
    3: always('boundObjectRef', 'authentication.v1.BoundObjectReference'),
    4: pointer('expirationSeconds', 'int64'),
  },
  'authentication.v1.BoundObjectReference': {
    1: field('kind', 'string'),
    2: field('apiVersion', 'string'),
    3: field('name', 'string'),
    4: field('uid', 'string'),
  },
  'authentication.v1.TokenRequestStatus': {
    1: always('token', 'string'),
    2: always('expirationTimestamp', 'Time'),
  },
};
