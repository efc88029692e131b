#!/bin/sh
# Runs hplan on one faulty plan and checks that it fails as it should:
# exit status 1, exactly the messages in the plan's .err file, no new
# output, and an earlier output left as it was.  A plan in archival XML
# (tests/bad-xml/) with a YAML twin of its name in tests/bad/ must give
# only messages the twin gives too, positions aside: one validation for
# both readers.
# Usage: check_bad.sh HPLAN tests/bad/NN-name.yaml|tests/bad-xml/NN-name.xml
set -u
hplan=$1
plan=$2
dir=$(dirname "$plan")
file=$(basename "$plan")
name=${file%.*}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/out"
echo "an earlier good output" > "$tmp/out/$name.xml"
cp "$tmp/out/$name.xml" "$tmp/earlier"

status=0
(cd "$dir" && "$hplan" render -o "$tmp/out" "$file") \
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
# Twins whose fault is one of YAML's syntax, said otherwise in XML, or
# whose bytes differ (23 has more Windows-1252 letters than its twin).
twin=$dir/../bad/$name.err
case $file in
23-latin1.xml|43-control-char.xml|44-nested-too-deep.xml) ;;
*.xml)
	if [ -f "$twin" ]; then
		sed 's/^[^ ]*: //' "$twin" >"$tmp/twin"
		sed 's/^[^ ]*: //' "$tmp/stderr" | while IFS= read -r line; do
			grep -qxF -- "$line" "$tmp/twin" ||
				echo "FAIL: the YAML twin does not say: $line"
		done >"$tmp/twin-diff"
		if [ -s "$tmp/twin-diff" ]; then
			cat "$tmp/twin-diff"
			status=1
		fi
	fi ;;
esac
exit $status
