import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  serverExternalPackages: ['better-sqlite3', 'dockerode', 'docker-modem', 'ssh2', 'cpu-features', 'pg'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
