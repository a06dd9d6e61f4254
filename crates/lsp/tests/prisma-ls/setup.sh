#!/usr/bin/env bash
# Installs Prisma's own language server (the exact versions of package-lock.json) for
# crates/lsp/tests/prisma_comparison.rs. Run by .ci/run; run it by hand before
# `cargo test -p lsp --test prisma_comparison`.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund
