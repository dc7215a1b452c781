/** core/v1 containers: Container and what hangs off it (ports, env, resources, mounts, probes, lifecycle). */
import { type SchemaTables, always, field, inline, map, pointer, repeated } from '../schema';

export const coreV1Container: SchemaTables = {
  'core.v1.Container': {
    1: always('name', 'string'),
    2: field('image', 'string'),
    3: repeated('command', 'string'),
    4: repeated('args', 'string'),
    5: field('workingDir', 'string'),
    6: repeated('ports', 'core.v1.ContainerPort'),
    7: repeated('env', 'core.v1.EnvVar'),
    8: field('resources', 'core.v1.ResourceRequirements'),
    9: repeated('volumeMounts', 'core.v1.VolumeMount'),
    10: pointer('livenessProbe', 'core.v1.Probe'),
    11: pointer('readinessProbe', 'core.v1.Probe'),
    12: pointer('lifecycle', 'core.v1.Lifecycle'),
    13: field('terminationMessagePath', 'string'),
    14: field('imagePullPolicy', 'string'),
    15: pointer('securityContext', 'core.v1.SecurityContext'),
    16: field('stdin', 'bool'),
    17: field('stdinOnce', 'bool'),
    18: field('tty', 'bool'),
    19: repeated('envFrom', 'core.v1.EnvFromSource'),
    20: field('terminationMessagePolicy', 'string'),
    21: repeated('volumeDevices', 'core.v1.VolumeDevice'),
    22: pointer('startupProbe', 'core.v1.Probe'),
    23: repeated('resizePolicy', 'core.v1.ContainerResizePolicy'),
    24: pointer('restartPolicy', 'string'),
  },
  'core.v1.ContainerPort': {
    1: field('name', 'string'),
    2: field('hostPort', 'int32'),
    3: always('containerPort', 'int32'),
    4: field('protocol', 'string'),
    5: field('hostIP', 'string'),
  },
  'core.v1.EnvVar': {
    1: always('name', 'string'),
    2: field('value', 'string'),
    3: pointer('valueFrom', 'core.v1.EnvVarSource'),
  },
  'core.v1.EnvVarSource': {
    1: pointer('fieldRef', 'core.v1.ObjectFieldSelector'),
    2: pointer('resourceFieldRef', 'core.v1.ResourceFieldSelector'),
    3: pointer('configMapKeyRef', 'core.v1.ConfigMapKeySelector'),
    4: pointer('secretKeyRef', 'core.v1.SecretKeySelector'),
  },
  'core.v1.ObjectFieldSelector': {
    1: field('apiVersion', 'string'),
    2: always('fieldPath', 'string'),
  },
  'core.v1.ResourceFieldSelector': {
    1: field('containerName', 'string'),
    2: always('resource', 'string'),
    3: field('divisor', 'Quantity'),
  },
  'core.v1.ConfigMapKeySelector': {
    1: inline('core.v1.LocalObjectReference'),
    2: always('key', 'string'),
    3: pointer('optional', 'bool'),
  },
  'core.v1.SecretKeySelector': {
    1: inline('core.v1.LocalObjectReference'),
    2: always('key', 'string'),
    3: pointer('optional', 'bool'),
  },
  'core.v1.EnvFromSource': {
    1: field('prefix', 'string'),
    2: pointer('configMapRef', 'core.v1.ConfigMapEnvSource'),
    3: pointer('secretRef', 'core.v1.SecretEnvSource'),
  },
  'core.v1.ConfigMapEnvSource': {
    1: inline('core.v1.LocalObjectReference'),
    2: pointer('optional', 'bool'),
  },
  'core.v1.SecretEnvSource': {
    1: inline('core.v1.LocalObjectReference'),
    2: pointer('optional', 'bool'),
  },
  'core.v1.ResourceRequirements': {
    1: map('limits', 'Quantity'),
    2: map('requests', 'Quantity'),
    3: repeated('claims', 'core.v1.ResourceClaim'),
  },
  'core.v1.ResourceClaim': {
    1: always('name', 'string'),
    2: field('request', 'string'),
  },
  'core.v1.VolumeMount': {
    1: always('name', 'string'),
    2: field('readOnly', 'bool'),
    3: always('mountPath', 'string'),
    4: field('subPath', 'string'),
    5: pointer('mountPropagation', 'string'),
    6: field('subPathExpr', 'string'),
    7: pointer('recursiveReadOnly', 'string'),
  },
  'core.v1.VolumeDevice': {
    1: always('name', 'string'),
    2: always('devicePath', 'string'),
  },
  'core.v1.ContainerResizePolicy': {
    1: always('resourceName', 'string'),
    2: always('restartPolicy', 'string'),
  },
  'core.v1.Probe': {
    1: inline('core.v1.ProbeHandler'),
    2: field('initialDelaySeconds', 'int32'),
    3: field('timeoutSeconds', 'int32'),
    4: field('periodSeconds', 'int32'),
    5: field('successThreshold', 'int32'),
    6: field('failureThreshold', 'int32'),
    7: pointer('terminationGracePeriodSeconds', 'int64'),
  },
  'core.v1.ProbeHandler': {
    1: pointer('exec', 'core.v1.ExecAction'),
    2: pointer('httpGet', 'core.v1.HTTPGetAction'),
    3: pointer('tcpSocket', 'core.v1.TCPSocketAction'),
    4: pointer('grpc', 'core.v1.GRPCAction'),
  },
  'core.v1.ExecAction': {
    1: repeated('command', 'string'),
  },
  'core.v1.HTTPGetAction': {
    1: field('path', 'string'),
    2: field('port', 'IntOrString'),
    3: field('host', 'string'),
    4: field('scheme', 'string'),
    5: repeated('httpHeaders', 'core.v1.HTTPHeader'),
  },
  'core.v1.HTTPHeader': {
    1: always('name', 'string'),
    2: always('value', 'string'),
  },
  'core.v1.TCPSocketAction': {
    1: field('port', 'IntOrString'),
    2: field('host', 'string'),
  },
  'core.v1.GRPCAction': {
    1: always('port', 'int32'),
    2: pointer('service', 'string'),
  },
  'core.v1.Lifecycle': {
    1: pointer('postStart', 'core.v1.LifecycleHandler'),
    2: pointer('preStop', 'core.v1.LifecycleHandler'),
    3: pointer('stopSignal', 'string'),
  },
  'core.v1.LifecycleHandler': {
    1: pointer('exec', 'core.v1.ExecAction'),
    2: pointer('httpGet', 'core.v1.HTTPGetAction'),
    3: pointer('tcpSocket', 'core.v1.TCPSocketAction'),
    4: pointer('sleep', 'core.v1.SleepAction'),
  },
  'core.v1.SleepAction': {
    1: always('seconds', 'int64'),
  },
};
