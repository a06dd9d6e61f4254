#!/usr/bin/env bash
# Installs Prisma 7's own Node client (the exact versions of package-lock.json) and generates it
# for the interop test's schema, once per provider; nothing is downloaded while tests run.
# Run by .ci/run; run it by hand before `cargo test -p client --test prisma_interop`.
set -euo pipefail
cd "$(dirname "$0")"
# Install scripts off: @prisma/engines would download engines the driver-adapter client does
# not use. The one native module, better-sqlite3, is then built on its own.
npm ci --ignore-scripts --no-audit --no-fund
npm rebuild better-sqlite3
node generate.mjs
