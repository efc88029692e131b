#!/bin/sh
# Hostile plans that lost text, hung or ran out of memory before: each is
# refused with the place of its cause (exit status 1, nothing written), or
# rendered whole, in little time and memory.  The plans are made here, as
# some are large.
# Usage: check_hostile.sh HPLAN SOURCE_DIR
set -u
hplan=$1
src=$2
. "$(dirname "$0")/lib.sh"
head='nämnd: {namn: Testnämnden, typ: facknämnd}
titel: Testnämndens handlingsplan mot våldsbejakande extremism
datum: 2024-05
'
# words N WORD: N words, WORD and a digit each.
words() {
	awk -v n="$1" -v w="$2" 'BEGIN { for (i = 0; i < n; i++)
	    printf "%s%s%d", i ? " " : "", w, i % 10 }'
}
# limited NAME ARGS...: hplan ARGS on $tmp/NAME.yaml within 20 s and 1 GiB
# (AddressSanitizer reserves more address space than that: not there),
# its messages in $tmp/NAME.err, its exit status in rc.
limited() {
	name=$1
	shift
	( [ -n "${HPLAN_SANITIZED:-}" ] || ulimit -v 1048576
	  timeout 20 "$hplan" "$@" "$tmp/$name.yaml" ) >/dev/null \
	    2>"$tmp/$name.err"
	rc=$?
}
# refused NAME MESSAGE: hplan refuses $tmp/NAME.yaml, saying MESSAGE, and
# writes nothing.
refused() {
	limited "$1" -o "$tmp/out-$1"
	[ $rc -eq 1 ] || fail "$1: exit status $rc, want 1: $(head -c 300 "$tmp/$1.err")"
	grep -qF -- "$2" "$tmp/$1.err" ||
		fail "$1: no '$2' in: $(head -c 300 "$tmp/$1.err")"
	[ ! -e "$tmp/out-$1" ] || fail "$1: something was written"
}

# a. One paragraph of 40 000 words: laid out as one line before, 25 words
# reached the PDF.
{ printf '%savsnitt:\n  - rubrik: A\n    text: |\n      ' "$head"
  words 40000 extremism; echo; } >"$tmp/a.yaml"
refused a "a.yaml:7:7: error: the paragraph has 439999 characters, more than the 100000"

# b. A footnote of 1 500 words: drawn above the page's top before.  It
# goes on at the foot of the next pages, as in Word, every word printed
# once; so do two such notes in a row, and the notes after them keep
# their order.
{ printf '%savsnitt:\n  - rubrik: B\n    text: |\n      Text.^[' "$head"
  words 1500 fotnotsord; echo ']'; } >"$tmp/b.yaml"
# rendered NAME TEXT N: hplan renders it, TEXT N times in the PDF.
rendered() {
	limited "$1" -o "$tmp/out-$1"
	[ $rc -eq 0 ] || fail "$1: exit status $rc, want 0: $(head -c 300 "$tmp/$1.err")"
	n=$(pdftotext "$tmp/out-$1/$1.pdf" - 2>/dev/null | grep -o "$2" | wc -l)
	[ "$n" -eq "$3" ] || fail "$1: $n times '$2' in the PDF, want $3"
}
rendered b 'fotnotsord[0-9]' 1500
{ printf '%savsnitt:\n  - rubrik: B\n    text: |\n' "$head"
  printf '      Första.^['; words 900 långnot; printf '] Andra.^['
  words 900 långnot; printf '] Tredje.^[Kort not.]\n\n'
  i=0
  while [ $i -lt 30 ]; do
	printf '      Stycke %d med en not.^[Not %d.]\n\n' $i $i
	i=$((i + 1))
  done; } >"$tmp/b2.yaml"
rendered b2 'långnot[0-9]' 1800

# c. A table line whose footnote is taller than a page: pages without end.
{ printf '%savsnitt:\n  - rubrik: C\n    tabeller:\n      - rubrik: T\n' "$head"
  printf '        kolumner: [åtgärd, ansvarig]\n        åtgärder:\n'
  printf '          - id: x\n            ansvarig: Någon\n'
  printf '            åtgärd: Åtgärd.^['; words 1500 fotnotsord; echo ']'
} >"$tmp/c.yaml"
refused c "error: the footnote of this line is too long to stand on one page"

# d. A column heading of 400 words, repeated on every page: endless loop.
{ printf '%savsnitt:\n  - rubrik: D\n    tabeller:\n      - rubrik: T\n' "$head"
  printf '        kolumner: [åtgärd, {fält: ansvarig, rubrik: "'
  words 400 rubrikord; printf '"}]\n        åtgärder:\n'
  i=0
  while [ $i -lt 40 ]; do
	printf '          - id: x%d\n            åtgärd: Åtgärd %d.\n' $i $i
	i=$((i + 1))
  done; } >"$tmp/d.yaml"
refused d "d.yaml:8:28: error: the column heading is too long"

# h. A column 1 % wide: its text overprinted the next column, then was
# refused; now the column takes the room its words need.
{ printf '%savsnitt:\n  - rubrik: H\n    tabeller:\n      - rubrik: T\n' "$head"
  printf '        kolumner: [{fält: åtgärd, bredd: 1}, ansvarig]\n'
  printf '        åtgärder:\n          - id: x\n'
  printf '            åtgärd: Förvaltningsövergripande samordning\n'; } >"$tmp/h.yaml"
rendered h "Förvaltningsövergripande" 1

# i. A 400-character title: over "stockholm.se" on the cover, and a
# running header of eight lines over every page.
{ printf '%s' "$head" | sed "s/^titel: .*/titel: Testnämndens $(words 60 mycket) titel/"
  printf 'avsnitt:\n  - rubrik: I\n    text: Text.\n'; } >"$tmp/i.yaml"
refused i "i.yaml:2:8: error: the title is too long for the cover"
grep -qF "i.yaml:2:8: error: the title is too long for the running header" \
    "$tmp/i.err" || fail "i: the running header is not named"

# j. 20 000 hard line breaks in a paragraph: 4.7 s before, 300 000 never
# ended; refused at once.
{ printf '%savsnitt:\n  - rubrik: J\n    text: |\n' "$head"
  awk 'BEGIN { for (i = 0; i < 300000; i++) printf "      rad %d\\\n", i }'
  echo '      slut'; } >"$tmp/j.yaml"
refused j "j.yaml:7:7: error: the paragraph has 300000 line breaks, more than the 1000"
# Lists nested six deep in a column 12 % wide: drawn outside the column
# before.  The column now takes the width its text needs.
# nested COLUMNS FIELDS: lists six deep in each field.
nested() {
	printf '%savsnitt:\n  - rubrik: N\n    tabeller:\n      - rubrik: T\n' "$head"
	printf '        kolumner: [%s]\n' "$1"
	printf '        åtgärder:\n          - id: x\n'
	for f in $2; do
		printf '            %s: |\n' $f
		printf '              - ett\n                - två\n'
		printf '                  - tre\n                    - fyra\n'
		printf '                      - fem\n                        - sex\n'
	done
}
nested "{fält: åtgärd, bredd: 12}, ansvarig" åtgärd >"$tmp/nest.yaml"
rendered nest "sex" 1
# In every one of five columns they leave no room side by side.
nested "åtgärd, syfte, ansvarig, andra_berörda, senast_klart" \
    "åtgärd syfte ansvarig andra_berörda senast_klart" >"$tmp/nest2.yaml"
refused nest2 "error: this text has no room: the lists and quotations it is in"
# A number no line can break, 120 digits, in a table: it breaks between its
# digits; the other columns keep their room (refused before).
{ printf '%savsnitt:\n  - rubrik: D\n    tabeller:\n' "$head"
  printf '      - kolumner: [Ett, Två, Tre]\n        rader:\n'
  printf '          - ["%s", "x", "säkerhetssamordnaren"]\n' \
      "$(printf '1234567890%.0s' 1 2 3 4 5 6 7 8 9 10 11 12)"; } >"$tmp/digits.yaml"
rendered digits "säkerhetssamordnaren" 1

# A style whose page has room for three lines of the body and none of a
# note: a long footnote went on to new pages for ever.
sed -e 's/^  margin-bottom: .*/  margin-bottom: 150mm/' \
    -e "s|directory: ../fonts|directory: $src/fonts|" \
    -e '/^body:/,/^[a-z]/s/leading: [0-9.]*pt/leading: 105pt/' \
    "$src/styles/stockholm.yaml" >"$tmp/small.yaml"
{ printf '%savsnitt:\n  - rubrik: S\n    text: |\n      Kort.^[' "$head"
  words 600 fotnotsord; echo ']'; } >"$tmp/small-page.yaml"
limited small-page --style "$tmp/small.yaml" -T layout
[ $rc -eq 1 ] && grep -qF "error: the footnote does not fit on the pages of \
this style" "$tmp/small-page.err" ||
	fail "small page: exit status $rc: $(head -c 300 "$tmp/small-page.err")"

# The title page with 80 lines of 'titelsida': drawn below the page's
# edge before.
{ printf '%stitelsida:\n  uppgifter:\n' "$head"
  i=0
  while [ $i -lt 80 ]; do
	printf '    - {etikett: Rad %d, värde: Värde %d}\n' $i $i
	i=$((i + 1))
  done
  printf 'avsnitt:\n  - rubrik: T\n    text: Text.\n'; } >"$tmp/tp.yaml"
refused tp "error: the title page's lines do not fit on one page"
# SVG images that would cost without end: entities that expand a billion
# times, elements nested 100 000 deep, a tree of <use> that doubles 29
# times, and more than 4 MiB of elements; and one of almost 4 MiB, which
# is drawn, in the time and memory above.
figure() {
	printf '%savsnitt:\n  - rubrik: F\n    text:\n      - Text.\n' "$head"
	printf '      - bild: %s.svg\n        alt: En bild.\n' "$1"
}
svg='<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">'
{ printf '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "lollollollol">\n'
  prev=a
  for e in b c d e f g h i j; do
	printf '<!ENTITY %s "' $e
	for k in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' $prev; done
	printf '">\n'
	prev=$e
  done
  printf ']>\n%s<text y="10">&j;</text></svg>\n' "$svg"; } >"$tmp/laughs.svg"
figure laughs >"$tmp/laughs.yaml"
refused laughs "laughs.yaml:8:15: error: the image 'laughs.svg' cannot be used"
{ printf '%s' "$svg"; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<g>" }'
  printf '<rect width="1" height="1"/>'
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "</g>" }'
  printf '</svg>\n'; } >"$tmp/deep.svg"
figure deep >"$tmp/deep.yaml"
refused deep "deep.yaml:8:15: error: the image 'deep.svg' cannot be used"
{ printf '%s<defs><rect id="r0" width="1" height="1"/>' "$svg"
  awk 'BEGIN { for (k = 1; k < 30; k++) printf "<g id=\"r%d\"><use xlink:href=\"#r%d\"/><use xlink:href=\"#r%d\"/></g>", k, k - 1, k - 1 }'
  printf '</defs><use xlink:href="#r29"/></svg>\n'; } >"$tmp/uses.svg"
figure uses >"$tmp/uses.yaml"
limited uses -o "$tmp/out-uses"
[ $rc -eq 0 ] || [ $rc -eq 1 ] ||
	fail "uses: exit status $rc: $(head -c 300 "$tmp/uses.err")"
rects() {
	printf '%s' "$svg"
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
	    printf "<rect x=\"%d\" y=\"%d\" width=\"3\" height=\"3\"/>", i % 100, i / 100 % 100 }'
	printf '</svg>\n'
}
rects 120000 >"$tmp/large.svg"
figure large >"$tmp/large.yaml"
refused large "error: the image 'large.svg' cannot be used: the SVG image is larger than 4 MiB"
rects 80000 >"$tmp/many.svg"
figure many >"$tmp/many.yaml"
limited many -o "$tmp/out-many"
[ $rc -eq 0 ] || fail "many: exit status $rc: $(head -c 300 "$tmp/many.err")"

# A figure, and a tjänsteutlåtande's plan, that name a named pipe: not
# waited on for a writer.
mkfifo "$tmp/pipe.svg"
figure pipe >"$tmp/pipe.yaml"
refused pipe "pipe.yaml:8:15: error: 'pipe.svg' is not an image file"
printf 'dokument: tjänsteutlåtande\nplan: pipe.svg\ndatum: 2024-05\n' \
    >"$tmp/pipe-plan.yaml"
refused pipe-plan "pipe.svg: error: not a file that can be read"
exit $status
