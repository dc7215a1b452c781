/** Column definitions shared by many kinds. */
import type { Column } from '../registry/generic/strategy';

export const nameColumn: Column = { name: 'Name', type: 'string', format: 'name', description: 'The name of the object, unique within its namespace.' };

export const ageColumn: Column = { name: 'Age', type: 'string', description: 'Time since the object was created (metadata.creationTimestamp).' };
