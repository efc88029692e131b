#!/bin/sh
# Compares the layout of a small plan with its golden dump.
# Usage: check_layout.sh HPLAN tests/layout/NAME.yaml
set -u
hplan=$1
plan=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cd "$(dirname "$plan")" || exit 1
name=$(basename "$plan" .yaml)
"$hplan" -T layout "$name.yaml" >"$out" || exit 1
diff -u "$name.layout" "$out" || {
	echo "FAIL: the layout differs from $name.layout"
	exit 1
}
