#!/usr/bin/env bash
# docs/project-file.md is its hand-written preface (everything before the first `### ` heading)
# followed by exactly what `oremap schema` prints. The ctest docs_project_file checks that;
# --write regenerates the file, keeping the preface.
#   tests/docs/schema_doc.sh [--write] [oremap binary, default build/oremap]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
write=0
if [ "${1:-}" = --write ]; then
  write=1
  shift
fi
oremap=${1:-$root/build/oremap}
doc=$root/docs/project-file.md
printed=$(mktemp)
trap 'rm -f "$printed"' EXIT
"$oremap" schema >"$printed"

if ((write)); then
  { sed '/^### /,$d' "$doc"; cat "$printed"; } >"$doc.new"
  mv "$doc.new" "$doc"
  echo "docs/project-file.md regenerated from \`oremap schema\`"
  exit 0
fi
if ! diff -u --label 'docs/project-file.md (after its preface)' --label '`oremap schema`' \
       <(sed -n '/^### /,$p' "$doc") "$printed"; then
  echo "docs/project-file.md is out of date with the key declarations (diff above; + is what oremap" \
       "prints now). Regenerate it from the repository root: tests/docs/schema_doc.sh --write" >&2
  exit 1
fi
echo "docs/project-file.md matches \`oremap schema\`"
