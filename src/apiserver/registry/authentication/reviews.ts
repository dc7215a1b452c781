/**
 * TokenReview and SelfSubjectReview (authentication.k8s.io/v1): answered from the authenticators, never
 * stored. A TokenReview says whether a bearer token is valid and whom it stands for.
 */
import type { TokenReview } from 'kubernetes-types/authentication/v1';
import { required } from '../../../api/validation/field-errors';
import { errors } from '../../errors';
import type { UserInfo } from '../../authn/authenticate';
import { ageColumn, nameColumn } from '../../table/columns';
import type { KubeObject, Strategy } from '../generic/strategy';

export type TokenAuthenticator = (token: string, audiences?: string[]) => Promise<(UserInfo & { uid?: string }) | undefined>;

const reviewBase = { validate: () => [], columns: [nameColumn, ageColumn], row: (obj: KubeObject) => [obj.metadata.name, ''] };

export function tokenReviewStrategy(authenticate: TokenAuthenticator, defaultAudiences: string[]): Strategy {
  return {
    ...reviewBase,
    async review(obj) {
      const spec = (obj as unknown as TokenReview).spec ?? {};
      if (!spec.token) throw errors.invalid('TokenReview', 'authentication.k8s.io', '', [required('spec.token')]);
      const audiences = spec.audiences?.length ? spec.audiences : defaultAudiences;
      const user = await authenticate(spec.token, audiences);
      const status = user
        ? { authenticated: true, user: { username: user.name, uid: user.uid, groups: user.groups }, audiences }
        : { authenticated: false, error: 'invalid bearer token' };
      return { ...obj, metadata: { ...obj.metadata, creationTimestamp: null }, status } as unknown as KubeObject;
    },
  };
}

export const selfSubjectReviewStrategy: Strategy = {
  ...reviewBase,
  async review(obj, ctx) {
    const user = ctx.user;
    const userInfo = user ? { username: user.name, groups: user.groups } : { username: 'system:anonymous', groups: ['system:unauthenticated'] };
    return { ...obj, metadata: { ...obj.metadata, creationTimestamp: null }, status: { userInfo } } as unknown as KubeObject;
  },
};
