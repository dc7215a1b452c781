import { defineBadInputSuite } from './bad-input-suite';

defineBadInputSuite('source');
