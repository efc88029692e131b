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
fault() {
	rm -rf "$tmp/out"
	mkdir "$tmp/out"
	for f in socialnamnden-2020.pdf socialnamnden-2020.xml socialnamnden-2020.erms.xml; do
		echo "earlier $f" >"$tmp/out/$f"
	done
	env "$1=$2" LD_PRELOAD="$inject" "$hplan" render -o "$tmp/out" \
	    "$plan" >/dev/null 2>"$tmp/err"
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

# Without faults the same run replaces all three.
"$hplan" render -o "$tmp/out" "$plan" 2>"$tmp/err" || fail "a plain run fails"
head -c 5 "$tmp/out/socialnamnden-2020.pdf" | grep -q '%PDF-' ||
	fail "a plain run did not replace the PDF"
exit $status
