#!/bin/sh
# A disk that fills up or fails while hplan writes: exit status 3, a
# message naming the file, the earlier PDF, XML and ERMS files all left
# as they were (never a new PDF beside an old XML), no temporary files.
# Usage: check_faults.sh HPLAN SOURCE_DIR INJECT_LIBRARY
set -u
hplan=$1
src=$2
inject=$3
. "$(dirname "$0")/lib.sh"
plan=$src/input/socialnamnden-2020.yaml

# fault VARIABLE N MESSAGE: the Nth call fails; MESSAGE must be reported.
# Without hplan's cache, whose files would take the first calls.
fault() {
	rm -rf "$tmp/out"
	mkdir "$tmp/out"
	for f in socialnamnden-2020.pdf socialnamnden-2020.xml socialnamnden-2020.erms.xml; do
		echo "earlier $f" >"$tmp/out/$f"
	done
	env -u HOME XDG_CACHE_HOME=relative "$1=$2" LD_PRELOAD="$inject" \
	    "$hplan" render -o "$tmp/out" "$plan" >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 3 ] || fail "$1=$2: exit status $rc, want 3"
	grep -qF "$3" "$tmp/err" ||
		fail "$1=$2: no '$3' in: $(cat "$tmp/err")"
	for f in socialnamnden-2020.pdf socialnamnden-2020.xml socialnamnden-2020.erms.xml; do
		[ "$(cat "$tmp/out/$f")" = "earlier $f" ] ||
			fail "$1=$2: $f was changed"
	done
	left=$(ls -A "$tmp/out" | grep -v '^socialnamnden-2020\.')
	[ -z "$left" ] || fail "$1=$2: left behind: $left"
}

# The PDF, the XML and the ERMS file are written in that order, so the
# second and third cases fail after an earlier file was complete.
fault HPLAN_FAIL_CREATE 1 "socialnamnden-2020.pdf: error: cannot create a file here: Permission denied"
fault HPLAN_FAIL_CREATE 3 "socialnamnden-2020.erms.xml: error: cannot create a file here: Permission denied"
fault HPLAN_FAIL_WRITE 1 "socialnamnden-2020.pdf: error: cannot write: No space left on device"
fault HPLAN_FAIL_WRITE 2 "socialnamnden-2020.xml: error: cannot write: No space left on device"
fault HPLAN_FAIL_WRITE 3 "socialnamnden-2020.erms.xml: error: cannot write: No space"
fault HPLAN_FAIL_FSYNC 2 "socialnamnden-2020.xml: error: cannot write: Input/output error"
fault HPLAN_FAIL_RENAME 1 "socialnamnden-2020.pdf: error: cannot write: Input/output error"
# A later rename fails: the files already renamed are put back.
fault HPLAN_FAIL_RENAME 2 "socialnamnden-2020.xml: error: cannot write: Input/output error"
fault HPLAN_FAIL_RENAME 3 "socialnamnden-2020.erms.xml: error: cannot write: Input/output error"

# What only saves time failing to be kept (the first write and the first
# rename are a new cache's) changes nothing: the files are written.
for v in HPLAN_FAIL_WRITE HPLAN_FAIL_RENAME; do
	rm -rf "$tmp/out" "$tmp/xdg"
	mkdir "$tmp/out" "$tmp/xdg"
	env XDG_CACHE_HOME="$tmp/xdg" "$v=1" LD_PRELOAD="$inject" "$hplan" \
	    render -o "$tmp/out" "$plan" >/dev/null 2>"$tmp/err" ||
		fail "$v=1 with a new cache: exit status $?: $(cat "$tmp/err")"
	[ "$(ls "$tmp/out" | tr '\n' ' ')" = "socialnamnden-2020.erms.xml socialnamnden-2020.pdf socialnamnden-2020.xml " ] ||
		fail "$v=1 with a new cache: $(ls "$tmp/out")"
done

# Two processes writing different plans to the same names at once, the
# first one's renames slowed so that the second's would come between them:
# every set on disk is whole, its ERMS file holding the checksums of the
# PDF and the XML beside it.
mkdir -p "$tmp/m/a" "$tmp/m/b" "$tmp/m/out"
cp -R "$src/input/bilder" "$tmp/m/a/"
cp -R "$src/input/bilder" "$tmp/m/b/"
cp "$plan" "$tmp/m/a/plan.yaml"
sed 's/^titel: .*/titel: Ett annat namn på planen/' "$plan" >"$tmp/m/b/plan.yaml"
consistent() {
	pdf=$(sha256sum "$tmp/m/out/plan.pdf" | cut -d' ' -f1)
	xml=$(sha256sum "$tmp/m/out/plan.xml" | cut -d' ' -f1)
	grep -qi "$pdf" "$tmp/m/out/plan.erms.xml" &&
	    grep -qi "$xml" "$tmp/m/out/plan.erms.xml"
}
round=0
while [ $round -lt 3 ]; do
	HPLAN_SLOW_RENAME=400 LD_PRELOAD="$inject" "$hplan" \
	    -o "$tmp/m/out" "$tmp/m/a/plan.yaml" 2>/dev/null &
	sleep 0.6
	"$hplan" -o "$tmp/m/out" "$tmp/m/b/plan.yaml" 2>/dev/null &
	wait
	consistent || { fail "writers at once: round $round left a mixed set"; break; }
	round=$((round + 1))
done

# await PATTERN: waits up to ten seconds for a file matching PATTERN.
await() {
	i=0
	# shellcheck disable=SC2086
	while ! ls -d $1 >/dev/null 2>&1; do
		[ $i -lt 100 ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# Two runs writing into two directories crosswise (the PDF into one, the
# previews into the other): they take the locks in one order, so neither
# waits for the other for ever.
mkdir -p "$tmp/x" "$tmp/y"
HPLAN_SLOW_RENAME=200 LD_PRELOAD="$inject" timeout 60 "$hplan" -o "$tmp/x" \
    --png "$tmp/y" "$plan" 2>/dev/null &
a=$!
HPLAN_SLOW_RENAME=200 LD_PRELOAD="$inject" timeout 60 "$hplan" -o "$tmp/y" \
    --png "$tmp/x" "$plan" 2>/dev/null &
b=$!
wait $a || fail "crosswise: the first run failed or hung"
wait $b || fail "crosswise: the second run failed or hung"

# A signal while the set is staged: hplan ends by the signal and leaves
# no temporary file and no new file behind.
for sig in INT TERM; do
	rm -rf "$tmp/out"
	mkdir "$tmp/out"
	HPLAN_STALL_FSYNC=2 LD_PRELOAD="$inject" \
	    env --default-signal=INT "$hplan" render \
	    -o "$tmp/out" "$plan" 2>/dev/null &
	pid=$!
	# Once the PDF is staged and the XML is being written.
	await "$tmp/out/.socialnamnden-2020.xml.new-*" ||
		fail "SIG$sig: never saw the XML being written"
	kill -$sig $pid
	wait $pid
	rc=$?
	[ $rc -gt 128 ] || fail "SIG$sig: exit status $rc, not ended by it"
	left=$(ls -A "$tmp/out")
	[ -z "$left" ] || fail "SIG$sig: left behind: $left"
done
# The same while a package is built: no package, no temporary directory.
rm -rf "$tmp/pkg"
mkdir "$tmp/pkg"
HPLAN_STALL_FSYNC=4 LD_PRELOAD="$inject" \
    env --default-signal=INT "$hplan" package \
    -o "$tmp/pkg/sip" "$plan" 2>/dev/null &
pid=$!
await "$tmp/pkg/sip.tmp-*/representations/rep1/data/.s*" ||
	fail "package: never saw the package being built"
kill -INT $pid
wait $pid
left=$(ls -A "$tmp/pkg")
[ -z "$left" ] || fail "package, SIGINT: left behind: $left"

# A plan that never finishes in a batch is stopped after the time limit
# and reported as failed; the other plans are done.
rm -rf "$tmp/out"
cp "$src/input/norrmalm-2017.yaml" "$tmp/stuck.yaml"
start=$(date +%s)
HPLAN_STALL_OPEN=stuck.yaml LD_PRELOAD="$inject" "$hplan" -j 2 \
    --time-limit 2 -o "$tmp/out" "$tmp/stuck.yaml" "$plan" \
    >/dev/null 2>"$tmp/err"
rc=$?
took=$(($(date +%s) - start))
[ $rc -eq 3 ] || fail "time limit: exit status $rc, want 3"
[ $took -lt 20 ] || fail "time limit: the batch took $took s"
grep -qF "stuck.yaml: FAILED: still running after 2 s" "$tmp/err" ||
	fail "time limit: no verdict in: $(cat "$tmp/err")"
grep -qF "2 plans: 1 done, 1 failed" "$tmp/err" ||
	fail "time limit: wrong summary in: $(cat "$tmp/err")"
[ -f "$tmp/out/socialnamnden-2020.pdf" ] ||
	fail "time limit: the other plan was not rendered"

# A worker that cannot be started: that plan fails, the summary says so.
rm -rf "$tmp/out"
HPLAN_FAIL_FORK=1 LD_PRELOAD="$inject" "$hplan" -j 1 -o "$tmp/out" \
    "$tmp/stuck.yaml" "$plan" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 3 ] || fail "fork: exit status $rc, want 3"
grep -qF "stuck.yaml: FAILED: not started" "$tmp/err" ||
	fail "fork: no verdict in: $(cat "$tmp/err")"
grep -qF "2 plans: 1 done, 1 failed" "$tmp/err" ||
	fail "fork: wrong summary in: $(cat "$tmp/err")"

# The workers are forked from a process with no other thread, however
# slowly threads end: a child cannot wait for a lock no thread will free.
rm -rf "$tmp/out"
HPLAN_LONE_FORK=1 LD_PRELOAD="$inject" "$hplan" -j 2 --time-limit 30 \
    -o "$tmp/out" "$src/input/norrmalm-2017.yaml" "$plan" >/dev/null \
    2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "forked beside a thread: exit status $rc: $(cat "$tmp/err")"

# Without faults the same run replaces all three.
"$hplan" render -o "$tmp/out" "$plan" 2>"$tmp/err" || fail "a plain run fails"
head -c 5 "$tmp/out/socialnamnden-2020.pdf" | grep -q '%PDF-' ||
	fail "a plain run did not replace the PDF"
exit $status
