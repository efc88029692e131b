#!/bin/sh
# Runs hplan under valgrind's memcheck on every example (YAML and its XML),
# and on faulty plans: no invalid access, no use of uninitialised memory,
# no leak, and the exit status hplan has without valgrind.
# Usage: check_valgrind.sh HPLAN SOURCE_DIR
set -u
hplan=$1
src=$2
. "$(dirname "$0")/lib.sh"
# memcheck STATUS COMMAND...: COMMAND under memcheck exits with STATUS.
memcheck() {
	want=$1
	shift
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --suppressions="$src/tests/valgrind.supp" \
	    --errors-for-leak-kinds=definite,indirect "$@" \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 99 ]; then
		echo "FAIL: memcheck: $*"
		cat "$tmp/err"
		status=1
	elif [ $rc -ne "$want" ]; then
		echo "FAIL: exit status $rc, want $want: $*"
		status=1
	fi
}
for plan in "$src"/input/*.yaml; do
	name=$(basename "$plan" .yaml)
	memcheck 0 "$hplan" -o "$tmp/o" "$plan"
	memcheck 0 "$hplan" -T tree "$tmp/o/$name.xml"
done
# Figures of every kind, drawn as they are and for PDF/A-1b.
memcheck 0 "$hplan" -o "$tmp/o" "$src/tests/pdfua/figures.yaml"
memcheck 0 "$hplan" --pdfa 1b -o "$tmp/o" "$src/tests/pdfua/figures.yaml"
memcheck 1 "$hplan" -o "$tmp/o" "$src/tests/bad/50-figures.yaml"
memcheck 1 "$hplan" -o "$tmp/o" "$src/tests/bad/40-several-faults.yaml"
memcheck 1 "$hplan" -o "$tmp/o" "$src/tests/bad/23-latin1.yaml"
memcheck 1 "$hplan" -o "$tmp/o" "$src/tests/bad/24-malformed-yaml.yaml"
memcheck 1 "$hplan" -o "$tmp/o" "$src/tests/bad/47-control-escape.yaml"
memcheck 1 "$hplan" -o "$tmp/o" \
    "$src/tests/bad-xml/64-footnote-in-footnote-after-seven.xml"

# hplan serve: three renderings (one with an error) and requests of every
# kind, one of them an event stream open when SIGINT stops it.
mkdir "$tmp/serve"
cp -r "$src/input/." "$tmp/serve/"
valgrind -q --error-exitcode=99 --leak-check=full \
    --suppressions="$src/tests/valgrind.supp" \
    --errors-for-leak-kinds=definite,indirect \
    "$hplan" serve "$tmp/serve/socialnamnden-2020.yaml" --port 0 \
    >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
# rendering N: waits until the page's state is of rendering N, whole.
rendering() {
	for _ in $(seq 600); do
		curl -s "$url/state.json" 2>/dev/null |
		    grep -q "\"rendering\":$1,\"complete\":true" && return 0
		sleep 0.2
	done
	echo "FAIL: serve under memcheck: no rendering $1"
	status=1
}
url=http://127.0.0.1:$(served_port "$tmp/serve.out" 120)
rendering 1
for path in / /hplan.js /state.json /page/1.png /page/2.txt /plan.pdf \
    /page/999.png /../etc/passwd; do
	curl -s -o /dev/null "$url$path"
done
curl -s -N --max-time 60 "$url/events" >/dev/null &
events=$!
sed -i 's/^titel: /titel: [/' "$tmp/serve/socialnamnden-2020.yaml"
rendering 2
sed -i 's/^titel: \[/titel: /' "$tmp/serve/socialnamnden-2020.yaml"
rendering 3
kill -INT "$pid"
wait "$pid"
rc=$?
kill "$events" 2>/dev/null
if [ $rc -ne 0 ]; then
	echo "FAIL: serve under memcheck exited $rc"
	cat "$tmp/serve.err"
	status=1
fi
exit $status
