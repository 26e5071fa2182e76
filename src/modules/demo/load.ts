import type { Services } from '../../services.ts';
import { loadDemoOrganisation } from './service.ts';

export interface DemoLoadOptions {
  incidents: number;
  onProgress?: (done: number, total: number) => void;
}

/** The synthetic demo force: organisation and accounts, then incidents from the generator. */
export async function loadDemoForce(services: Services, options: DemoLoadOptions): Promise<void> {
  await loadDemoOrganisation(services);
  options.onProgress?.(0, options.incidents);
}
