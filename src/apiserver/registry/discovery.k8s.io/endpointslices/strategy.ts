/** EndpointSlices (upstream printers.go): ADDRESSTYPE, PORTS and ENDPOINTS, three each then "+ N more...". */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { age } from '../../../table/age';
import { col, listWithMore } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';

const slice = (o: KubeObject) => o as unknown as EndpointSlice;

export const endpointSliceStrategy: Strategy = {
  validate: () => [],
  columns: [
    nameColumn,
    col('AddressType', 'string', 0, 'addressType specifies the type of address carried by this EndpointSlice.'),
    col('Ports', 'string', 0, 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'string', 0, 'endpoints is a list of unique endpoints in this slice.'),
    ageColumn,
  ],
  row(obj, now) {
    const s = slice(obj);
    const ports = (s.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*')));
    const addresses = (s.endpoints ?? []).flatMap((e) => e.addresses);
    return [obj.metadata.name, s.addressType ?? '', listWithMore(ports, 3, '<unset>'), listWithMore(addresses, 3, '<unset>'), age(obj.metadata.creationTimestamp, now)];
  },
  selectableFields: (obj) => ({ addressType: slice(obj).addressType ?? '' }),
};
