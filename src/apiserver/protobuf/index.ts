/** Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf). Placeholder until the codec lands. */
import { errors } from '../errors';

/** Decodes a `k8s\0`-prefixed runtime.Unknown envelope into the JSON form of the object it carries. */
export function decodeKubernetesProtobuf(_body: Buffer): unknown {
  throw errors.unsupportedMediaType('application/vnd.kubernetes.protobuf');
}
