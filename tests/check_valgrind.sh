#!/bin/sh
# Runs hplan under valgrind's memcheck on every example (YAML and its XML),
# and on faulty plans: no invalid access, no use of uninitialised memory,
# no leak.  Usage: check_valgrind.sh HPLAN SOURCE_DIR
set -u
hplan=$1
src=$2
. "$(dirname "$0")/lib.sh"
memcheck() {
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --suppressions="$src/tests/valgrind.supp" \
	    --errors-for-leak-kinds=definite,indirect "$@" \
	    >"$tmp/out" 2>"$tmp/err"
	if [ $? -eq 99 ]; then
		echo "FAIL: memcheck: $*"
		cat "$tmp/err"
		status=1
	fi
}
for plan in "$src"/input/*.yaml; do
	name=$(basename "$plan" .yaml)
	memcheck "$hplan" -o "$tmp/o" "$plan"
	memcheck "$hplan" -T tree "$tmp/o/$name.xml"
done
memcheck "$hplan" -o "$tmp/o" "$src/tests/bad/40-several-faults.yaml"
memcheck "$hplan" -o "$tmp/o" "$src/tests/bad/23-latin1.yaml"
memcheck "$hplan" -o "$tmp/o" "$src/tests/bad/24-malformed-yaml.yaml"
exit $status
