#!/usr/bin/env bash
# Takes the docs UI from the npm registry: Swagger UI's standalone bundle, its
# stylesheet and its licence files, from the swagger-ui-dist package at VERSION.
# Run it from this folder to move to another version, then update VERSION below.
set -euo pipefail
VERSION=5.35.0
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "swagger-ui-dist@$VERSION" --silent >/dev/null && tar xzf "swagger-ui-dist-$VERSION.tgz")
for f in swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE swagger-ui-bundle.js.LICENSE.txt; do
  cp "$tmp/package/$f" "$f"
done
echo "$VERSION" > VERSION
