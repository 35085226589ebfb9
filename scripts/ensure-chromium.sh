#!/usr/bin/env bash
# The browser tests (dashboard, report rendering) drive Debian's Chromium; they never download
# a browser. Install it when it is missing and we may (root, or sudo without a password);
# otherwise stop and say what to do. Run by `make test`.
set -euo pipefail
if [ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 \
    || command -v chromium-browser >/dev/null 2>&1; then
    exit 0
fi
if [ "${TRUCEWATCH_SKIP_BROWSER:-}" = 1 ]; then
    echo "make test: no Chromium; the browser tests will be skipped (TRUCEWATCH_SKIP_BROWSER=1)" >&2
    exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=no; fi
    if [ "$SUDO" != no ]; then
        echo "make test: installing Debian's chromium for the browser tests (apt-get)" >&2
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
        exit 0
    fi
fi
cat >&2 <<'MSG'
make test: the browser tests need Chromium and it is not installed.
  Debian/Ubuntu: sudo apt-get install chromium
  elsewhere:     install Chromium or Chrome and run `make test CHROMIUM=/path/to/chromium`
  or, knowingly: make test TRUCEWATCH_SKIP_BROWSER=1   (the browser tests are then skipped)
MSG
exit 1
