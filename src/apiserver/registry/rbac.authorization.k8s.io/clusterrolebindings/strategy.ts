/** ClusterRoleBindings: the same columns as RoleBindings (upstream printers.go). */
import type { Strategy } from '../../generic/strategy';
import { bindingColumns, bindingRow } from '../rolebindings/strategy';

export const clusterRoleBindingStrategy: Strategy = { validate: () => [], columns: bindingColumns('clusterRoleBinding'), row: bindingRow };
