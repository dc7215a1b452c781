/** ControllerRevisions: the CONTROLLER column names the owning controller as kind.group/name (upstream printers.go). */
import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import { required } from '../../../../api/validation/field-errors';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';

function controllerName(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

export const controllerRevisionStrategy: Strategy = {
  validate: (obj) => ((obj as unknown as ControllerRevision).revision === undefined ? [required('revision')] : []),
  columns: [nameColumn, col('Controller', 'string', 0, 'Controller of the object'), col('Revision', 'string', 0, 'Revision indicates the revision of the state represented by Data.'), ageColumn],
  row: (obj, now) => [obj.metadata.name, controllerName(obj), (obj as unknown as ControllerRevision).revision ?? 0, age(obj.metadata.creationTimestamp, now)],
};
