import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  serverExternalPackages: ['better-sqlite3', 'dockerode', 'docker-modem', 'ssh2', 'cpu-features', 'pg'],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks the whole project, route types included (`npm run typecheck`), in its own
  // step before it builds; it sets this so the build does not check the same program again.
  typescript: { ignoreBuildErrors: process.env.WHARF_BUILD_TYPECHECKED === '1' },
};

export default nextConfig;
