/** VolumeAttachments (upstream printers.go printVolumeAttachment). */
import type { VolumeAttachment } from 'kubernetes-types/storage/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { printedStrategy } from '../../../table/printed';

export const volumeAttachmentStrategy = printedStrategy('storage.k8s.io', 'volumeattachments', {
  columns: [
    nameColumn,
    { ...col('Attacher', 'string', 0, 'attacher indicates the name of the volume driver that MUST handle this request.'), format: 'name' },
    col('PV', 'string', 0, 'persistentVolumeName represents the name of the persistent volume to attach.'),
    col('Node', 'string', 0, 'nodeName represents the node that the volume should be attached to.'),
    col('Attached', 'boolean', 0, 'attached indicates the volume is successfully attached.'),
    ageColumn,
  ],
  row(obj, now) {
    const v = obj as unknown as VolumeAttachment;
    return [obj.metadata.name, v.spec?.attacher ?? '', v.spec?.source?.persistentVolumeName ?? '', v.spec?.nodeName ?? '', v.status?.attached ?? false, age(obj.metadata.creationTimestamp, now)];
  },
});
