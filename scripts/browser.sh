#!/usr/bin/env bash
# Install Debian's Chromium for the dashboard end-to-end tests (Playwright drives it through
# executable_path; the project never downloads a browser build of its own). Idempotent: does
# nothing when /usr/bin/chromium is already there. Needs root (or sudo) and the Debian mirror.
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "scripts/browser.sh: $CHROMIUM is missing and we are not root; install it with:" >&2
        echo "    apt-get install -y chromium" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
"$CHROMIUM" --version
