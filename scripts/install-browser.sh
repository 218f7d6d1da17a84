#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (tests/web/), which drive it with
# Playwright through executable_path=/usr/bin/chromium: `playwright install` would
# download a browser build from a CDN that closed networks cannot reach.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium is already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi

if ! command -v apt-get >/dev/null; then
    echo "error: /usr/bin/chromium is missing and apt-get is not available;" \
        "install Chromium with your package manager (the tests expect /usr/bin/chromium)" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || {
        echo "error: run as root or install sudo to install chromium" >&2
        exit 1
    }
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
