import type express from 'express';

export interface RouteInventoryEntry {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  match(path: string): boolean;
}

/** Where routers are mounted other than at the root. */
const MOUNT_POINTS = ['/api/v1'];

/**
 * Every route the app serves, read from Express's own router, so a suite that sweeps "every route" cannot miss one
 * added later. Routers are mounted without a prefix except the API (`/api/v1`), whose routes are reported with it.
 */
export function routeInventory(app: express.Express): RouteInventoryEntry[] {
  const found: RouteInventoryEntry[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = ([] as string[]).concat(layer.route.path);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (!on || method === '_all') continue;
          for (const p of paths) found.push({ method: method as RouteInventoryEntry['method'], path: prefix + p });
        }
      } else if (layer.handle?.stack) {
        const mount = layer.match('/') ? '' : MOUNT_POINTS.find((m) => layer.match(m));
        if (mount === undefined) throw new Error('A router is mounted at a path routeInventory does not know: add it to MOUNT_POINTS');
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  walk(router.stack, '');
  return found;
}

/** A route's path with each parameter replaced by a well-formed id that names no record. */
export function withUnknownIds(path: string): string {
  return path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
}
