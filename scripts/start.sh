#!/usr/bin/env bash
# npm start: serves the production build on PORT (default 3000) and HOSTNAME when it is set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
host="$(printenv HOSTNAME || true)"
exec npx next start -p "${PORT:-3000}" ${host:+-H "$host"}
