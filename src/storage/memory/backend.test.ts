import { runConformance } from '../conformance';
import { MemoryBackend } from './backend';

runConformance({
  name: 'memory',
  durable: false,
  open: (options = {}) => {
    const backend = new MemoryBackend({ compactIntervalMs: 0, ...options });
    return { backend, cleanup: () => backend.close() };
  },
});
