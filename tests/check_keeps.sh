#!/bin/sh
# What must stay together does, over many variants of a plan that move
# the breaks across the page:
# v. a heading followed directly by a subheading never stands last on a
#    page: the two go with the first lines of the text under them;
# w. a footnote's marker never opens a line: it stays with its word, even
#    after a closing quote or parenthesis;
# a word broken at a line's end is never broken over a page, in the body
# or in a table's cell; a list of two one-line items is never split one
# and one over a page; a column heading is never hyphenated.
# Usage: check_keeps.sh HPLAN
set -u
hplan=$1
. "$(dirname "$0")/lib.sh"
head='nämnd: {namn: Testnämnden, typ: facknämnd}
titel: Testnämndens handlingsplan mot våldsbejakande extremism
datum: 2024-05
avsnitt:
  - rubrik: Inledning
    text: |
'
sentence='      Förvaltningen arbetar förebyggande mot våldsbejakande extremism genom samverkan.'
k=1
while [ $k -le 60 ]; do
	{ printf '%s' "$head"
	  i=0
	  while [ $i -lt "$k" ]; do echo "$sentence"; i=$((i + 1)); done
	  printf '  - rubrik: Nästa kapitel\n    avsnitt:\n'
	  printf '      - rubrik: Första underrubriken\n        text: |\n'
	  echo "    $sentence"; echo "    $sentence"; echo "    $sentence"
	} >"$tmp/v$k.yaml"
	"$hplan" -T layout "$tmp/v$k.yaml" >"$tmp/v$k.layout" 2>"$tmp/err" ||
		fail "v$k: $(cat "$tmp/err")"
	# The last line of each page's body may not be a heading.
	awk -v k="$k" '
		/^page / { if (last ~ /heading/) bad = bad " " page; page = $2;
		    last = "" }
		/^  (heading|body) text/ { last = $1 }
		END { if (last ~ /heading/) bad = bad " " page
		    if (bad != "") { print "FAIL: v" k ": a heading ends page" bad; exit 1 } }
	' "$tmp/v$k.layout" || status=1
	k=$((k + 1))
done

# Long compounds, hyphenated often, in the body and in narrow cells, and a
# list of two items, with the page break moved line by line.
long='      Förvaltningsövergripande samordningsgrupper genomför kunskapshöjande utbildningsinsatser för verksamhetsansvariga.'
k=1
while [ $k -le 45 ]; do
	{ printf '%s' "$head"
	  i=0
	  while [ $i -lt "$k" ]; do echo "$long"; i=$((i + 1)); done
	  printf '\n      Två punkter:\n\n      - den första\n      - den andra\n\n'
	  echo "$long"
	  printf '    tabeller:\n      - kolumner: [{fält: åtgärd, bredd: 20}, ansvarig]\n'
	  printf '        åtgärder:\n          - id: lang\n            ansvarig: Någon\n'
	  printf '            åtgärd: |\n'
	  i=0
	  while [ $i -lt 12 ]; do echo "        $long"; i=$((i + 1)); done
	} >"$tmp/h$k.yaml"
	"$hplan" -T layout "$tmp/h$k.yaml" >"$tmp/h$k.layout" 2>"$tmp/err" ||
		fail "h$k: $(cat "$tmp/err")"
	awk -v k="$k" '
		function check() {
			if (body ~ / hyphenated$/) bad = bad " " page " (text)"
			for (x in cell) if (cell[x] ~ / hyphenated$/)
				bad = bad " " page " (cell)"
			split("", cell)
		}
		/^page / { check(); page = $2; body = "" }
		/^  body text/ { body = $0 }
		/^  cell text/ { cell[$3] = $0 }
		/^  marker text/ { if (++markers <= 2) mpage[markers] = page }
		END { check()
		    if (mpage[1] != mpage[2]) bad = bad " list split over " mpage[1]
		    if (bad != "") { print "FAIL: h" k ": a word or list broken over a page" bad; exit 1 } }
	' "$tmp/h$k.layout" || status=1
	k=$((k + 1))
done

# Markers after every kind of word end, at every place in the line.
{ printf '%s' "$head" | sed '$d'
  printf '    text: |\n      '
  awk 'BEGIN {
	split("ord samverkan förvaltningen planen arbetet skolan", w, " ")
	split("(%s) ”%s” %s. %s, %s: %s", end, " ")
	srand(7)
	for (i = 0; i < 300; i++) {
		a = w[int(rand() * 6) + 1]; b = w[int(rand() * 6) + 1]
		printf "%s " end[int(rand() * 6) + 1] "^[Not.] ", a, b
	}
	print "" }'; } >"$tmp/w.yaml"
"$hplan" -T layout "$tmp/w.yaml" >"$tmp/w.layout" 2>"$tmp/err" ||
	fail "w: $(cat "$tmp/err")"
# The text has no digits but the markers.
opens=$(grep '^  body text' "$tmp/w.layout" | cut -d'"' -f2 | grep -c '^[0-9]')
[ "$opens" -eq 0 ] || fail "w: $opens lines open with a footnote marker"
# "Andra berörda" in a column that holds "Andra be-" but not the two
# words (the other columns take the rest for numbers no line can break):
# the heading breaks between them.
num=1234567890123456
{ printf '%s' "$head" | sed '$d'
  printf '    tabeller:\n      - kolumner: [åtgärd, {fält: andra_berörda, bredd: 15}, syfte, ansvarig, senast_klart]\n'
  printf '        åtgärder:\n          - id: x\n'
  for f in åtgärd syfte ansvarig senast_klart; do
	printf '            %s: "%s"\n' $f $num
  done
  printf '            andra_berörda: Någon\n'; } >"$tmp/header.yaml"
"$hplan" -T layout "$tmp/header.yaml" >"$tmp/header.layout" 2>"$tmp/err" ||
	fail "header: $(cat "$tmp/err")"
grep -q 'table-header text.*"berörda"' "$tmp/header.layout" &&
    ! grep -q 'table-header text.*hyphenated' "$tmp/header.layout" ||
	fail "header: a column heading is hyphenated: $(grep table-header "$tmp/header.layout")"
exit $status
