#!/bin/sh
# The command line: help, version, usage errors, exit statuses, the
# default plan, several plans in one run, and hostile archival XML.
# Usage: check_cli.sh HPLAN SOURCE_DIR
set -u
hplan=$1
src=$2
. "$(dirname "$0")/lib.sh"

expect 0 "$hplan" --help
contains "$tmp/out" "Usage: hplan [render]"
for line in "0  done" "1  a plan has errors" "2  the command line is wrong" \
    "3  a file could not be read or written" \
    "4  the layout would have lost, overprinted or misplaced text"; do
	contains "$tmp/out" "$line"
	contains "$src/generator/hplan.1" "$line"
done
expect 0 "$hplan" --version
contains "$tmp/out" "hplan "
expect 2 "$hplan" --bogus
contains "$tmp/err" "Try 'hplan --help'"

# Each command's own help, as 'hplan CMD --help' and 'hplan help CMD'; a
# misspelt command is refused, not taken for a plan.
for cmd in render package revise diff check new help; do
	expect 0 "$hplan" "$cmd" --help
	contains "$tmp/out" "Usage: hplan"
	contains "$tmp/out" "$cmd"
	expect 0 "$hplan" help "$cmd"
	contains "$tmp/out" "Usage: hplan"
done
expect 2 "$hplan" help bogus
contains "$tmp/err" "help: unknown command 'bogus'"
expect 2 "$hplan" chek "$src/input/norrmalm-2017.yaml"
contains "$tmp/err" "unknown command 'chek'; did you mean 'check'?"
expect 2 "$hplan" revize
contains "$tmp/err" "did you mean 'revise'?"
expect 2 "$hplan" check --bogus
contains "$tmp/err" "Try 'hplan check --help'"

# One line for each plan written, unless -q.
expect 0 "$hplan" -o "$tmp/said" "$src/input/socialnamnden-2020.yaml"
contains "$tmp/err" "wrote $tmp/said/socialnamnden-2020.pdf (16 pages), $tmp/said/socialnamnden-2020.xml, $tmp/said/socialnamnden-2020.erms.xml"
expect 0 "$hplan" -q -o "$tmp/said" "$src/input/socialnamnden-2020.yaml"
[ -s "$tmp/err" ] && fail "-q: something was said: $(cat "$tmp/err")"
expect 2 "$hplan" -T pdf
contains "$tmp/err" "unknown output format 'pdf'"

# Files that cannot be read or written.
expect 3 "$hplan" "$tmp/nosuch.yaml"
contains "$tmp/err" "nosuch.yaml: error: cannot open: No such file or directory"
expect 3 "$hplan" -o "$tmp/no/such/dir" "$src/input/norrmalm-2017.yaml"
contains "$tmp/err" "cannot create the output directory"
[ ! -e "$tmp/no" ] || fail "a directory was created under a missing parent"
touch "$tmp/file"
expect 3 "$hplan" -o "$tmp/file" "$src/input/norrmalm-2017.yaml"
contains "$tmp/err" "cannot write into: Not a directory"

# A style with mistakes: every one reported, nothing written.
sed 's/  margin-left: 25mm/  margin-lef: 25mm/; s/size: 34pt/size: 34px/' \
    "$src/styles/stockholm.yaml" >"$tmp/style.yaml"
sed -i "s|directory: ../fonts|directory: $src/fonts|" "$tmp/style.yaml"
expect 3 "$hplan" --style "$tmp/style.yaml" -o "$tmp/styled" \
    "$src/input/norrmalm-2017.yaml"
contains "$tmp/err" "style.yaml:19:3: error: unknown style key 'page.margin-lef'"
contains "$tmp/err" "style.yaml:19:3: note: did you mean 'margin-left'?"
contains "$tmp/err" "error: '34px' is not a length such as 11pt"
contains "$tmp/err" "style.yaml: error: the style has no 'page.margin-left'"
[ ! -e "$tmp/styled" ] || fail "output was written with a broken style"

# The fonts: each file of the style's directory read, through fontconfig's
# cache in hplan's (XDG_CACHE_HOME) or, without one, file by file; the same
# PDF either way; a font added to the directory is seen on the next run.
mkdir "$tmp/fonts" "$tmp/xdg"
cp "$src"/fonts/Liberation*.ttf "$tmp/fonts"
sed "s|directory: ../fonts|directory: $tmp/fonts|" "$src/styles/stockholm.yaml" \
    >"$tmp/fonts-style.yaml"
sed 's/^titel: Norrmalms/titel: \xf0\x9f\x98\x80 Norrmalms/' \
    "$src/input/norrmalm-2017.yaml" >"$tmp/emoji.yaml"
expect 1 env XDG_CACHE_HOME="$tmp/xdg" "$hplan" --style "$tmp/fonts-style.yaml" \
    -o "$tmp/emoji" "$tmp/emoji.yaml"
contains "$tmp/err" "is not in the plan's fonts"
ls "$tmp/xdg/hplan/"fontconfig-*/*.cache-* >/dev/null 2>&1 ||
	fail "no fontconfig cache in XDG_CACHE_HOME/hplan"
# A font in a subdirectory is none of the style's, cache or no cache.
mkdir "$tmp/fonts/extra"
cp "$src/fonts/NotoEmoji-Regular.ttf" "$tmp/fonts/extra"
expect 1 env XDG_CACHE_HOME="$tmp/xdg" "$hplan" --style "$tmp/fonts-style.yaml" \
    -o "$tmp/emoji" "$tmp/emoji.yaml"
contains "$tmp/err" "is not in the plan's fonts"
rm -r "$tmp/fonts/extra"
cp "$src/fonts/NotoEmoji-Regular.ttf" "$tmp/fonts"
expect 0 env XDG_CACHE_HOME="$tmp/xdg" "$hplan" --style "$tmp/fonts-style.yaml" \
    -o "$tmp/emoji" "$tmp/emoji.yaml"
expect 0 env -u HOME XDG_CACHE_HOME=relative "$hplan" --style \
    "$tmp/fonts-style.yaml" -o "$tmp/uncached" "$tmp/emoji.yaml"
[ -s "$tmp/out" ] && fail "output without a cache: $(cat "$tmp/out")"
cmp -s "$tmp/emoji/emoji.pdf" "$tmp/uncached/emoji.pdf" ||
	fail "the PDF differs without a cache"
# A font rewritten in place, the directory itself unchanged, is read anew.
cat "$src/fonts/LiberationSans-Bold.ttf" >"$tmp/fonts/NotoEmoji-Regular.ttf"
expect 1 env XDG_CACHE_HOME="$tmp/xdg" "$hplan" --style "$tmp/fonts-style.yaml" \
    -o "$tmp/emoji" "$tmp/emoji.yaml"
contains "$tmp/err" "is not in the plan's fonts"
printf 'not a font' >"$tmp/fonts/Broken.ttf"
for env in "XDG_CACHE_HOME=$tmp/xdg" "XDG_CACHE_HOME=relative"; do
	expect 3 env -u HOME "$env" "$hplan" --style "$tmp/fonts-style.yaml" \
	    -o "$tmp/broken" "$tmp/emoji.yaml"
	contains "$tmp/err" "cannot read the font $tmp/fonts/Broken.ttf"
done

# Without a plan, hplan renders the bundled example into ./output.
mkdir "$tmp/cwd"
(cd "$tmp/cwd" && "$hplan") >"$tmp/out" 2>"$tmp/err" ||
	fail "hplan without arguments failed: $(cat "$tmp/err")"
contains "$tmp/err" "norrmalm-2017.yaml:10:6: warning: the plan has no dnr"
"$hplan" -T xml "$src/input/norrmalm-2017.yaml" >"$tmp/expected.xml"
cmp -s "$tmp/expected.xml" "$tmp/cwd/output/norrmalm-2017.xml" ||
	fail "hplan without arguments did not write output/norrmalm-2017.xml"
# Rendering again replaces the output and leaves no temporary file.
(cd "$tmp/cwd" && "$hplan" render 2>/dev/null) || fail "second render failed"
[ "$(ls -A "$tmp/cwd/output" | tr '\n' ' ')" = \
    "norrmalm-2017.pdf norrmalm-2017.xml " ] ||
	fail "files left in output: $(ls -A "$tmp/cwd/output")"

# Page previews: one PNG for every page of the PDF.
(cd "$tmp/cwd" && "$hplan" --png previews -o output 2>/dev/null) ||
	fail "--png failed"
pages=$(pdfinfo "$tmp/cwd/output/norrmalm-2017.pdf" | awk '/^Pages:/ {print $2}')
[ "$(ls "$tmp/cwd/previews" | grep -c '^norrmalm-2017-[0-9][0-9]\.png$')" = "$pages" ] ||
	fail "--png did not write one preview per page ($pages)"

# A logo from the style on the cover (here one of the previews).
sed "s|directory: ../fonts|directory: $src/fonts|; s|logo: \"\"|logo: $tmp/cwd/previews/norrmalm-2017-02.png|" \
    "$src/styles/stockholm.yaml" >"$tmp/logo-style.yaml"
expect 0 "$hplan" --style "$tmp/logo-style.yaml" -o "$tmp/logo" \
    "$src/input/norrmalm-2017.yaml"
[ "$(pdfimages -f 1 -l 1 -list "$tmp/logo/norrmalm-2017.pdf" | tail -n +3 | wc -l)" -eq 1 ] ||
	fail "the logo is not on the cover"
# It is decoration: an artifact, no element of the structure tree.
pdfinfo -struct-text "$tmp/logo/norrmalm-2017.pdf" | grep -q '^ *""$' &&
	fail "the logo is an empty element of the structure tree"
sed "s|directory: ../fonts|directory: $src/fonts|; s|logo: \"\"|logo: nosuch.png|" \
    "$src/styles/stockholm.yaml" >"$tmp/nologo.yaml"
expect 3 "$hplan" --style "$tmp/nologo.yaml" -o "$tmp/nologo" \
    "$src/input/norrmalm-2017.yaml"
contains "$tmp/err" "cannot read the logo"

# The PDF's dates come from the plan, or from SOURCE_DATE_EPOCH.
grep -aq "/CreationDate (\(D:\)\?20170901000000" "$tmp/cwd/output/norrmalm-2017.pdf" ||
	fail "the PDF's date is not the plan's"
(cd "$tmp/cwd" && SOURCE_DATE_EPOCH=1700000000 "$hplan" -o epoch 2>/dev/null) ||
	fail "render with SOURCE_DATE_EPOCH failed"
grep -aq "/CreationDate (\(D:\)\?20231114221320" "$tmp/cwd/epoch/norrmalm-2017.pdf" ||
	fail "SOURCE_DATE_EPOCH was not used"

# Warnings do not stop a plan; an error in one plan does not stop another.
cat >"$tmp/warn.yaml" <<'PLAN'
nämnd: {namn: Socialnämnden, typ: facknämnd}
titel: Socialnämndens handlingsplan mot våldsbejakande extremism 2020
datum: 2020
avsnitt:
  - rubrik: Aktiviteter
    tabeller:
      - kolumner: [aktivitet, ansvarig]
        åtgärder:
          - id: granska
            aktivitet: Granska nya föreningar som söker bidrag
            tidplan: Löpande
PLAN
printf 'nämnd: {namn: X, typ: facknämnd}\ntitel: T\n' >"$tmp/bad.yaml"
expect 1 "$hplan" -o "$tmp/several" "$tmp/bad.yaml" "$tmp/warn.yaml"
contains "$tmp/err" "warn.yaml:11:13: warning: 'tidplan' is not a column"
contains "$tmp/err" "bad.yaml:1:1: error: the plan has no 'datum'"
[ -f "$tmp/several/warn.xml" ] || fail "the good plan was not written"
[ ! -e "$tmp/several/bad.xml" ] || fail "the bad plan was written"
expect 0 "$hplan" -o "$tmp/several" "$tmp/warn.yaml"

# Batch: several plans in parallel; a bad one does not stop the others,
# whose outputs are complete; a line per plan and a summary.
for j in 1 2 4; do
	rm -rf "$tmp/batch"
	expect 1 "$hplan" -j $j -o "$tmp/batch" "$src/input/norrmalm-2017.yaml" \
	    "$src/tests/bad/06-bad-month.yaml" "$src/input/socialnamnden-2020.yaml" \
	    "$src/input/norrmalm-2018.yaml"
	contains "$tmp/err" "06-bad-month.yaml:3:8: error: '2017-13' is not a valid date"
	contains "$tmp/err" "06-bad-month.yaml: FAILED"
	contains "$tmp/err" "socialnamnden-2020.yaml: done"
	contains "$tmp/err" "4 plans: 3 done, 1 failed"
	[ "$(ls "$tmp/batch" | tr '\n' ' ')" = "norrmalm-2017.pdf norrmalm-2017.xml \
norrmalm-2018.pdf norrmalm-2018.xml socialnamnden-2020.erms.xml socialnamnden-2020.pdf \
socialnamnden-2020.xml " ] || fail "-j $j: the outputs are not complete: $(ls "$tmp/batch")"
	for f in "$tmp"/batch/*.pdf; do
		pdfinfo "$f" >/dev/null 2>&1 || fail "-j $j: $f is not a whole PDF"
	done
done
expect 0 "$hplan" -o "$tmp/batch" "$src/input/norrmalm-2017.yaml" \
    "$src/input/socialnamnden-2020.yaml"
contains "$tmp/err" "2 plans: 2 done, 0 failed"
expect 2 "$hplan" -j 0 "$src/input/norrmalm-2017.yaml"

# Archival XML: no DTDs, no external entities, no entity expansion.
echo "secret content" >"$tmp/secret.txt"
cat >"$tmp/xxe.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE plan [<!ENTITY x SYSTEM "file://$tmp/secret.txt">]>
<plan xmlns="urn:hplan:plan:1" format="1"><meta><board kind="facknämnd">&x;</board></meta></plan>
XML
expect 1 "$hplan" -T tree "$tmp/xxe.xml"
contains "$tmp/err" "DOCTYPE declaration"
if grep -q secret "$tmp/out" "$tmp/err"; then
	fail "the external entity was read"
fi
{
	echo '<?xml version="1.0"?>'
	echo '<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
	prev=a
	for e in b c d e f g h i j; do
		echo "<!ENTITY $e \"&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;\">"
		prev=$e
	done
	echo ']><plan>&j;</plan>'
} >"$tmp/laughs.xml"
expect 1 "$hplan" -T tree "$tmp/laughs.xml"
contains "$tmp/err" "laughs.xml:2: error: the file has a DOCTYPE declaration"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one message: $(cat "$tmp/err")"
"$hplan" -T xml "$src/input/socialnamnden-2020.yaml" |
	sed 's|<version>1</version>|<version>1</version><extra/>|' >"$tmp/invalid.xml"
expect 1 "$hplan" -T tree "$tmp/invalid.xml"
contains "$tmp/err" "invalid.xml:11: error: the file does not follow the schema of hplan's archival XML: Element '{urn:hplan:plan:1}extra'"
printf '<plan><unclosed></plan>' >"$tmp/broken.xml"
expect 1 "$hplan" -T tree "$tmp/broken.xml"
contains "$tmp/err" "broken.xml:1:"

# Limits, each reported at its place (docs/format.md, "Limits").
python3 -c "print('<plan xmlns=\"urn:hplan:plan:1\">' + '<a>' * 300 + '</a>' * 300 + '</plan>')" >"$tmp/deep.xml"
expect 1 "$hplan" -T tree "$tmp/deep.xml"
contains "$tmp/err" "deep.xml:1:"
contains "$tmp/err" "error: elements are nested more than 256 deep"
python3 -c "print('titel: [' + '1,' * 1000001 + '1]')" >"$tmp/values.yaml"
expect 1 "$hplan" -T tree "$tmp/values.yaml"
contains "$tmp/err" "values.yaml:1:"
contains "$tmp/err" "error: the file has more than 1000000 values"
head -c 17000000 /dev/zero | tr '\0' 'x' >"$tmp/huge.yaml"
expect 3 "$hplan" -T tree "$tmp/huge.yaml"
contains "$tmp/err" "huge.yaml: error: file is larger than the limit of 16 MiB"
exit $status
