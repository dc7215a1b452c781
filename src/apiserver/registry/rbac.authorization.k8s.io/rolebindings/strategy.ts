/** RoleBindings and ClusterRoleBindings (upstream printers.go): ROLE as Kind/name; wide USERS, GROUPS, SERVICEACCOUNTS. */
import type { RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { Column, KubeObject, Strategy } from '../../generic/strategy';

function subjects(list: Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of list ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

export function bindingColumns(what: string): Column[] {
  return [
    nameColumn,
    col('Role', 'string', 0, 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
    ageColumn,
    col('Users', 'string', 1, `Users in the ${what}`),
    col('Groups', 'string', 1, `Groups in the ${what}`),
    col('ServiceAccounts', 'string', 1, `ServiceAccounts in the ${what}`),
  ];
}

export function bindingRow(obj: KubeObject, now: number): unknown[] {
  const b = obj as unknown as RoleBinding;
  return [obj.metadata.name, `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(obj.metadata.creationTimestamp, now), ...subjects(b.subjects)];
}

export const roleBindingStrategy: Strategy = { validate: () => [], columns: bindingColumns('roleBinding'), row: bindingRow };
