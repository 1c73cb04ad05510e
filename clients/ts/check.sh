#!/usr/bin/env bash
# The external checks of the example app's OpenAPI document, as CI runs them:
# redocly lint (0 errors), openapi-typescript types, a client that typechecks
# (tsc) and runs the README's session against `petra serve` on a free port.
# Needs Go, Node and npm; the npm tools are the pinned ones of package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
work=$(mktemp -d)
trap 'if [ -f "$work/pid" ]; then kill "$(cat "$work/pid")" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

npm ci --no-audit --no-fund --loglevel=error
(cd "$root" && go build -o "$work/petra" ./cmd/petra)
# A fixed development secret keeps the server from warning; it signs nothing kept.
export JWT_SECRET=ci-openapi-check-secret-0123456789abcdef PETRA_ENV=development
"$work/petra" openapi -o openapi.json
npx redocly lint --format=summary openapi.json
npx openapi-typescript openapi.json -o schema.d.ts
npx tsc --noEmit
npx tsc

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# exec: the recorded pid is the server's own, so that the trap stops it.
(cd "$work" && PETRA_ADDR="127.0.0.1:$port" DB_CONNECTION=sqlite DB_DATABASE="$work/db.sqlite3" \
  RATE_LIMIT_PER_MINUTE=1000 REDIS_URL= exec "$work/petra" serve >"$work/serve.log" 2>&1) &
echo $! >"$work/pid"
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
node build/session.js "http://127.0.0.1:$port" || { cat "$work/serve.log"; exit 1; }
