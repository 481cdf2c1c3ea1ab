#!/usr/bin/env bash
# govulncheck.sh VERSION — report known vulnerabilities in the code gongkai
# calls, with golang.org/x/vuln's govulncheck at a pinned VERSION (fetched
# through the Go module proxy the first time).
#
# govulncheck reads its database from vuln.go.dev, or from $GOVULNDB (a
# file:// mirror works). When the database cannot be reached — machines
# without general internet access reach the module proxy only — the check
# cannot say anything: it explains and skips instead of failing the build.
# A vulnerability found, or any other error, fails it.
set -uo pipefail
VERSION=${1:?usage: govulncheck.sh VERSION}
GO=${GO:-go}
args=()
if [ -n "${GOVULNDB:-}" ]; then
	args=(-db "$GOVULNDB")
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$GO" run "golang.org/x/vuln/cmd/govulncheck@$VERSION" "${args[@]}" ./... >"$out" 2>&1
status=$?
if [ $status -ne 0 ] && grep -q "fetching vulnerabilities" "$out"; then
	echo "govulncheck $VERSION: vulnerability database unreachable; check skipped:" >&2
	grep "fetching vulnerabilities" "$out" | head -1 >&2
	echo "govulncheck: set GOVULNDB=file:///path/to/mirror to check offline" >&2
	exit 0
fi
cat "$out"
exit $status
