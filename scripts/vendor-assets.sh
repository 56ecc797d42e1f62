#!/usr/bin/env bash
# Re-vendor the front-end assets from the npm registry (maintainers only; nothing at runtime
# or in the test run needs Node). Usage: scripts/vendor-assets.sh [DKFDS_VERSION] [AXE_VERSION]
set -euo pipefail
DKFDS_VERSION=${1:-11.2.0}
AXE_VERSION=${2:-4.14.1}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "dkfds@$DKFDS_VERSION" "axe-core@$AXE_VERSION" >/dev/null
tar xzf "dkfds-$DKFDS_VERSION.tgz" && mv package dkfds
tar xzf "axe-core-$AXE_VERSION.tgz" && mv package axe

dest="$root/socius/static/vendor/dkfds"
rm -rf "$dest" && mkdir -p "$dest/css" "$dest/js" "$dest/img"
cp dkfds/dist/css/dkfds.min.css "$dest/css/"
cp dkfds/dist/js/dkfds.min.js "$dest/js/"
cp -r dkfds/dist/img/. "$dest/img/"
# Only the font files the stylesheet refers to (the package ships 12 MB of fonts).
grep -o 'url(\.\./fonts/[^)]*)' dkfds/dist/css/dkfds.min.css | sed 's/url(\.\.\///; s/)$//' | sort -u |
  while read -r font; do
    mkdir -p "$dest/$(dirname "$font")"
    cp "dkfds/dist/$font" "$dest/$font"
  done
cp dkfds/dist/LICENSE.md "$dest/LICENSE.md"
echo "$DKFDS_VERSION" > "$dest/VERSION"
# The source maps are not shipped; drop the reference so browsers do not ask for them.
sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##' "$dest/css/dkfds.min.css"
sed -i 's#//\# sourceMappingURL=.*$##' "$dest/js/dkfds.min.js"

axe_dest="$root/socius/tests_support/vendor"
mkdir -p "$axe_dest"
cp axe/axe.min.js "$axe_dest/axe.min.js"
cp axe/LICENSE "$axe_dest/AXE-LICENSE"
echo "$AXE_VERSION" > "$axe_dest/AXE-VERSION"
echo "Vendored DKFDS $DKFDS_VERSION and axe-core $AXE_VERSION."
