import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@/lib/auth/permissions';
import { HTTP_METHODS, loadRoute, ROOT, routeFiles } from './support/api';
import { MUTATING, NEXT_AUTH_ROUTE } from './support/route-samples';

const KNOWN = new Set<string>([...PERMISSIONS, 'public']);
/** The one public route that takes mutating verbs: the catch-all that answers 404 for unknown paths. */
const PUBLIC_CATCH_ALL = 'app/api/v1/[...rest]/route.ts';

/** Every TypeScript source file under the given top-level directories. */
function sourceFiles(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => path.join(ROOT, dir, f)),
  );
}

describe('route inventory', () => {
  const routes = routeFiles().filter((r) => r.file !== NEXT_AUTH_ROUTE);

  it('finds the route files', () => {
    expect(routes.map((r) => r.template)).toEqual(
      expect.arrayContaining(['/api/v1/hosts', '/api/v1/health', '/api/v1/users']),
    );
    expect(routeFiles().map((r) => r.file)).toContain(NEXT_AUTH_ROUTE);
  });

  it('has no server actions: every call from the browser goes through a route handler', () => {
    // A server action would be an endpoint outside this inventory and outside route()'s checks.
    const withActions = sourceFiles(['app', 'components', 'lib']).filter((file) =>
      /^\s*['"]use server['"]/m.test(fs.readFileSync(file, 'utf8')),
    );
    expect(withActions, 'server actions bypass route(); add a route handler instead').toEqual([]);
  });

  for (const route of routes) {
    it(`${route.file} declares a permission on every handler`, async () => {
      const mod = await loadRoute(route);
      const methods = HTTP_METHODS.filter((m) => m in mod);
      expect(methods.length, 'exports no HTTP handler').toBeGreaterThan(0);
      for (const method of methods) {
        const handler = mod[method];
        const permission = handler?.wharf?.permission;
        expect(permission, `${method} is not wrapped by route() with a permission`).toBeTypeOf('string');
        expect(KNOWN.has(permission as string), `${method} names an unknown permission ${permission}`).toBe(
          true,
        );
        if (MUTATING.has(method) && route.file !== PUBLIC_CATCH_ALL) {
          expect(permission, `${method} is a write guarded by a read permission`).not.toMatch(
            /\.read$|^public$/,
          );
          expect(handler?.wharf?.action, `${method} has no audit action`).toMatch(/^[a-z]+\.[a-z-]+$/);
        }
      }
    });
  }
});
