import { inject } from 'vitest';

// Runs before each test file's imports: the server reads its environment once, on first use.
const env = inject('wharfEnv');
process.env.WHARF_SECRET = env.WHARF_SECRET;
process.env.WHARF_DATA_DIR = env.WHARF_DATA_DIR;
if (env.DATABASE_URL) process.env.DATABASE_URL = env.DATABASE_URL;
else delete process.env.DATABASE_URL;
process.env.WHARF_FLEET_DIR ??= '/var/tmp/wharf-fleet';
