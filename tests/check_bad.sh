#!/bin/sh
# Runs hplan on one faulty plan and checks that it fails as it should:
# exit status 1, exactly the messages in the plan's .err file, no new
# output, and an earlier output left as it was.
# Usage: check_bad.sh HPLAN tests/bad/NN-name.yaml
set -u
hplan=$1
plan=$2
dir=$(dirname "$plan")
name=$(basename "$plan" .yaml)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/out"
echo "an earlier good output" > "$tmp/out/$name.xml"
cp "$tmp/out/$name.xml" "$tmp/earlier"

status=0
(cd "$dir" && "$hplan" render -o "$tmp/out" "$name.yaml") \
    >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ "$rc" -ne 1 ]; then
	echo "FAIL: exit status $rc, want 1"
	status=1
fi
if ! diff -u "$dir/$name.err" "$tmp/stderr"; then
	echo "FAIL: the messages differ from $name.err"
	status=1
fi
if [ -s "$tmp/stdout" ]; then
	echo "FAIL: something was printed on standard output"
	status=1
fi
if ! cmp -s "$tmp/earlier" "$tmp/out/$name.xml"; then
	echo "FAIL: the earlier output was changed"
	status=1
fi
extra=$(ls -A "$tmp/out" | grep -v "^$name.xml\$")
if [ -n "$extra" ]; then
	echo "FAIL: files were left in the output directory: $extra"
	status=1
fi
exit $status
