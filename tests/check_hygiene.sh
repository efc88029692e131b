#!/bin/sh
# Text a plan may carry in from Word or a web page: a byte order mark,
# Windows line ends, no-break and zero-width spaces, soft hyphens and
# long words, Arabic, Persian and emoji all give a plan; the faults
# (scripts no font has, control characters,
# words no line can take) are in tests/bad.
# Usage: check_hygiene.sh HPLAN SOURCE_DIR
set -u
hplan=$1
src=$2
. "$(dirname "$0")/lib.sh"

# A byte order mark and CRLF line ends read as the same plan.
plan=$src/input/norrmalm-2017.yaml
"$hplan" -T tree "$plan" >"$tmp/plain.tree" 2>/dev/null ||
	fail "the example does not read"
{ printf '\357\273\277'; sed 's/$/\r/' "$plan"; } >"$tmp/windows.yaml"
"$hplan" -T tree "$tmp/windows.yaml" >"$tmp/windows.tree" 2>"$tmp/err" ||
	fail "a plan with a BOM and CRLF line ends is refused: $(cat "$tmp/err")"
cmp -s "$tmp/plain.tree" "$tmp/windows.tree" ||
	fail "a BOM and CRLF line ends change the plan"

# Spaces and hyphens that steer line breaking render and stay in the text.
nbsp=$(printf '\302\240')
shy=$(printf '\302\255')
zwsp=$(printf '\342\200\213')
word=$(printf 'Våldsbejakande%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)
cat >"$tmp/spaces.yaml" <<PLAN
nämnd: {namn: Norrmalms stadsdelsnämnd, typ: stadsdelsnämnd}
titel: Handlingsplan mot våldsbejakande extremism
datum: 2017-09
avsnitt:
  - rubrik: Inledning
    text: |
      Beslutet togs av nämnden den 7${nbsp}april${nbsp}2017 efter samråd.
      Ett mjukt bin${shy}de${shy}streck, en noll${zwsp}bredd och ett ord utan slut: $word.
      Adressen är <https://www.stockholm.se/$word/$word>.
PLAN
"$hplan" render -o "$tmp/out" "$tmp/spaces.yaml" 2>"$tmp/err" ||
	fail "special spaces are refused: $(cat "$tmp/err")"
pdftotext "$tmp/out/spaces.pdf" "$tmp/text"
grep -q "7.april.2017" "$tmp/text" ||
	fail "the no-break spaces are lost or broken: $(grep april "$tmp/text")"
grep -qF "nollbredd" "$tmp/text" || fail "the zero-width space is printed"
tr -d '\n' <"$tmp/text" | grep -qF "VåldsbejakandeVåldsbejakande" ||
	fail "the long word is not printed"

# Arabic and Persian (right to left) and emoji print from the fallback
# fonts, every character of them.
cat >"$tmp/scripts.yaml" <<'PLAN'
nämnd: {namn: Norrmalms stadsdelsnämnd, typ: stadsdelsnämnd}
titel: Handlingsplan mot våldsbejakande extremism
datum: 2017-09
avsnitt:
  - rubrik: Hälsning
    text: |
      Vi hälsar alla välkomna: السلام عليكم och درود بر شما. Tummen upp 👍 och ett leende 😀.
PLAN
"$hplan" render -o "$tmp/out" "$tmp/scripts.yaml" 2>"$tmp/err" ||
	fail "scripts: refused: $(cat "$tmp/err")"
pdffonts "$tmp/out/scripts.pdf" >"$tmp/fonts"
for font in NotoNaskhArabic NotoEmoji; do
	grep -q "$font" "$tmp/fonts" || fail "scripts: no $font in the PDF"
done
pdftotext "$tmp/out/scripts.pdf" - | grep -qF "👍" ||
	fail "scripts: the emoji is not in the PDF's text"

# Straight quotes typed in a plan print as Swedish ones, the same mark on
# both sides, in text, headings and cells; the style can keep them as
# typed.  The archive keeps what was typed.
cat >"$tmp/quotes.yaml" <<'PLAN'
nämnd: {namn: Norrmalms stadsdelsnämnd, typ: stadsdelsnämnd}
titel: Handlingsplan mot våldsbejakande extremism
datum: 2017-09
avsnitt:
  - rubrik: 'Projektet "Trygg i Norrmalm"'
    text: |
      Hon kallade det "ett lyft" och 'en början', det är nämndens ord.
    tabeller:
      - kolumner: [åtgärd]
        åtgärder:
          - id: citat
            åtgärd: Kampanjen "Säg nej".
PLAN
"$hplan" -T layout "$tmp/quotes.yaml" >"$tmp/quotes.layout" 2>"$tmp/err" ||
	fail "quotes: $(cat "$tmp/err")"
for want in 'Projektet ”Trygg i Norrmalm”' '”ett lyft” och ’en början’' \
    'Kampanjen ”Säg nej”.'; do
	grep -qF "$want" "$tmp/quotes.layout" ||
		fail "quotes: no '$want' in: $(grep text "$tmp/quotes.layout" | tail -5)"
done
# A dumped line is "..."; one with more marks prints a straight quote.
awk -F'"' '/ text / && NF > 3 { bad = 1 } END { exit !bad }' \
    "$tmp/quotes.layout" && fail "quotes: a straight quote is printed"
"$hplan" -T xml "$tmp/quotes.yaml" | grep -qF '"ett lyft"' ||
	fail "quotes: the archive does not keep the straight quotes"
sed -e 's/^  double-quote: .*/  double-quote: ""/' \
    -e 's/^  single-quote: .*/  single-quote: ""/' \
    -e "s|directory: ../fonts|directory: $src/fonts|" \
    "$src/styles/stockholm.yaml" >"$tmp/typed.yaml"
"$hplan" --style "$tmp/typed.yaml" -T layout "$tmp/quotes.yaml" \
    >"$tmp/typed.layout" 2>"$tmp/err" || fail "quotes as typed: $(cat "$tmp/err")"
grep -qF "'en början'" "$tmp/typed.layout" ||
	fail "quotes: the style cannot keep them as typed"
exit $status
