#!/usr/bin/env bash
# README's test command: installs what the tests need (Debian's Chromium, a
# Java runtime for the Nu HTML checker; playwright-core, vnu-jar, linkinator
# and axe-core from npm), then runs the Rust tests and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium and chromium-driver"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if ! command -v java >/dev/null 2>&1; then
  echo "== installing a Java runtime for the Nu HTML checker"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi
echo "== installing the browser tests' npm packages"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

echo "== cargo test"
cargo test --locked

echo "== browser tests (headless Chromium)"
cargo build --locked --quiet
(cd tests/browser && npm test)
