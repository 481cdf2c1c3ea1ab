#!/usr/bin/env bash
# ensure-chromium.sh — install Debian's chromium for the browser tests (web
# package) when it is missing and we may: as root, with apt-get. Otherwise it
# says why and leaves it; the browser tests then skip, unless
# GONGKAI_REQUIRE_BROWSER=1 makes a missing browser a failure.
set -uo pipefail

if [ -x /usr/bin/chromium ]; then
	exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
	echo "ensure-chromium: /usr/bin/chromium missing and not root with apt-get: browser tests will skip" >&2
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; } >&2; then
	echo "ensure-chromium: could not install chromium: browser tests will skip" >&2
fi
exit 0
