#!/bin/sh
# A plan's outputs are one set: never written over an input, replaced
# whole (stale members removed, previews included), and the package and
# revise commands keep to their files.
# Usage: check_outputs.sh HPLAN SOURCE_DIR
set -u
hplan=$1
src=$2
. "$(dirname "$0")/lib.sh"
plan=$src/input/socialnamnden-2020.yaml

# k. Regenerating from the archive without -o would write the XML over
# itself: refused, the file unchanged.
mkdir "$tmp/k"
"$hplan" -o "$tmp/k" "$plan" 2>/dev/null || fail "k: first render fails"
printf '<!-- a comment of the archivist -->\n' >>"$tmp/k/socialnamnden-2020.xml"
cp "$tmp/k/socialnamnden-2020.xml" "$tmp/k.xml"
expect 2 "$hplan" -o "$tmp/k" "$tmp/k/socialnamnden-2020.xml"
contains "$tmp/err" "socialnamnden-2020.xml: error: the plan would be written over by its own output"
cmp -s "$tmp/k.xml" "$tmp/k/socialnamnden-2020.xml" ||
	fail "k: the archive was rewritten"
# Into another directory it is regenerated.
expect 0 "$hplan" -o "$tmp/k2" "$tmp/k/socialnamnden-2020.xml"
# revise -o naming the plan itself, even with --force.
cp -R "$src/input/bilder" "$tmp/"
cp "$plan" "$tmp/rev.yaml"
expect 3 "$hplan" revise "$tmp/rev.yaml" -o "$tmp/rev.yaml" --force
contains "$tmp/err" "this is the plan being revised"
cmp -s "$plan" "$tmp/rev.yaml" || fail "k: revise wrote over its plan"

# diff --pdf naming one of the plans compared.
cp "$plan" "$tmp/new.yaml"
expect 3 "$hplan" diff "$plan" "$tmp/new.yaml" --pdf "$tmp/new.yaml"
contains "$tmp/err" "this is one of the plans compared"
cmp -s "$plan" "$tmp/new.yaml" || fail "k: diff --pdf wrote over a plan"

# l. Two plans of one name in a batch, or a plan named NAME.erms beside
# NAME: refused before anything is rendered.
mkdir -p "$tmp/l/a" "$tmp/l/b"
cp -R "$src/input/bilder" "$tmp/l/a/"
cp "$plan" "$tmp/l/a/plan.yaml"
cp "$src/input/norrmalm-2017.yaml" "$tmp/l/b/plan.yaml"
expect 2 "$hplan" -o "$tmp/l/out" "$tmp/l/a/plan.yaml" "$tmp/l/b/plan.yaml"
contains "$tmp/err" "b/plan.yaml: error: its outputs would replace those of"
[ ! -e "$tmp/l/out" ] || fail "l: something was written: $(ls "$tmp/l/out")"
cp -R "$src/input/bilder" "$tmp/l/"
cp "$plan" "$tmp/l/plan.erms.yaml"
expect 2 "$hplan" -o "$tmp/l/out" "$tmp/l/a/plan.yaml" "$tmp/l/plan.erms.yaml"
contains "$tmp/err" "plan.erms.yaml: error: a plan's file name cannot end in '.erms'"
[ ! -e "$tmp/l/out" ] || fail "l: something was written: $(ls "$tmp/l/out")"

# n. A plan that lost its dnr: its earlier ERMS file goes, since its
# checksums no longer match.
mkdir "$tmp/n"
cp -R "$src/input/bilder" "$tmp/n/"
cp "$plan" "$tmp/n/plan.yaml"
"$hplan" -o "$tmp/n/out" "$tmp/n/plan.yaml" 2>/dev/null
[ -f "$tmp/n/out/plan.erms.xml" ] || fail "n: no ERMS file at first"
sed -i 's/^dnr: .*/dnr: ""/' "$tmp/n/plan.yaml"
expect 0 "$hplan" -o "$tmp/n/out" "$tmp/n/plan.yaml"
[ ! -e "$tmp/n/out/plan.erms.xml" ] || fail "n: the stale ERMS file was kept"
[ "$(ls -A "$tmp/n/out" | tr '\n' ' ')" = "plan.pdf plan.xml " ] ||
	fail "n: the set is $(ls -A "$tmp/n/out")"

# p. A package without -o where output/ does not exist yet.
mkdir "$tmp/p"
(cd "$tmp/p" && "$hplan" package "$plan") 2>"$tmp/err" ||
	fail "p: package fails: $(cat "$tmp/err")"
[ -f "$tmp/p/output/socialnamnden-2020-sip/METS.xml" ] ||
	fail "p: no package in output/"

# r. Previews belong to the set: a shorter version removes the later
# pages' images, and a failing run writes none.
mkdir "$tmp/r"
"$hplan" -o "$tmp/r/out" --png "$tmp/r/png" "$plan" 2>/dev/null
long=$(ls "$tmp/r/png" | wc -l)
[ "$long" -gt 3 ] || fail "r: only $long previews"
touch "$tmp/r/png/socialnamnden-2020-notes.png" "$tmp/r/png/other-99.png"
cp "$src/tests/layout/heading-at-foot.yaml" "$tmp/r/socialnamnden-2020.yaml"
"$hplan" -o "$tmp/r/out" --png "$tmp/r/png" \
    "$tmp/r/socialnamnden-2020.yaml" 2>/dev/null
short=$(ls "$tmp/r/png" | grep -c '^socialnamnden-2020-[0-9]*\.png$')
pages=$(pdfinfo "$tmp/r/out/socialnamnden-2020.pdf" | awk '/^Pages:/ {print $2}')
[ "$short" -eq "$pages" ] ||
	fail "r: $short previews for $pages pages (stale ones kept)"
[ -e "$tmp/r/png/socialnamnden-2020-notes.png" ] &&
    [ -e "$tmp/r/png/other-99.png" ] ||
	fail "r: a file that is no preview of the plan was removed"
printf 'titel: [\n' >"$tmp/r/broken.yaml"
expect 1 "$hplan" -o "$tmp/r/out" --png "$tmp/r/png-new" "$tmp/r/broken.yaml"
[ ! -e "$tmp/r/png-new" ] || fail "r: a failing run wrote previews"

# t. revise writes a file; it does not print.
expect 2 "$hplan" revise -T xml "$plan" -o "$tmp/t.yaml"
contains "$tmp/err" "-T: revise writes files, it does not print"
[ ! -e "$tmp/t.yaml" ] || fail "t: revise -T wrote a file"
expect 2 "$hplan" package -T xml "$plan"
exit $status
