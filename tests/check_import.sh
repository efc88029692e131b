#!/bin/sh
# hplan import: Word files made by pandoc from the Norrmalm 2017 plan and
# from a document that uses every construct (with merged cells written
# into its XML by hand, which pandoc cannot write).  After import and
# render every word of the source is in the PDF, every footnote and every
# table row is there, the plan passes check, and each thing that could not
# be brought over is reported with its paragraph.
# Usage: check_import.sh HPLAN SOURCE_DIR
set -u
hplan=$1
cd "$2" || exit 1
. "$(dirname "$0")/lib.sh"

# words FILE: the words of a text, one a line: split at spaces, slashes
# and brackets, punctuation at their ends dropped.
words() {
	tr -s ' \t\n\f/[]' '\n\n\n\n\n\n\n' <"$1" |
	    sed -e 's/^[^[:alnum:]]*//' -e 's/[^[:alnum:]]*$//' |
	    grep -v '^$' | LC_ALL=C sort -u
}
# covered SOURCE_TEXT PDF: every word of the text is in the PDF.  The PDF
# is read in its drawing order (a table cell's lines together) and its
# text squashed, without spaces and hyphens, as a word broken at a line's
# end is; so is each word looked for.
covered() {
	words "$1" | sed -e 's/-//g' -e "s/$(printf '\302\255')//g" \
	    >"$tmp/want"
	pdftotext -raw -enc UTF-8 "$2" - | tr -d -- ' \t\n\f-' >"$tmp/have"
	missing=$(while read -r w; do
		grep -qF -- "$w" "$tmp/have" || echo "$w"
	done <"$tmp/want" | head -20)
	[ -z "$missing" ] || fail "words of $1 missing from the PDF: $missing"
}

# The Norrmalm plan of 2017, as Word.
pandoc tests/import/norrmalm-2017.md -o "$tmp/norrmalm.docx" ||
	fail "pandoc"
expect 0 "$hplan" import "$tmp/norrmalm.docx" -o "$tmp/norrmalm.yaml"
contains "$tmp/out" "1 footnotes"
contains "$tmp/out" "14 actions"
expect 0 "$hplan" check "$tmp/norrmalm.yaml"
expect 0 "$hplan" render -q "$tmp/norrmalm.yaml" -o "$tmp/n"
pandoc -t plain --wrap=none tests/import/norrmalm-2017.md \
    >"$tmp/norrmalm.txt"
covered "$tmp/norrmalm.txt" "$tmp/n/norrmalm.pdf"
grep -q '^nämnd: {namn: Norrmalms stadsdelsnämnd, typ: stadsdelsnämnd}$' \
    "$tmp/norrmalm.yaml" || fail "the nämnd was not taken from the title"
contains "$tmp/norrmalm.yaml" "datum: 2017-09"
[ "$(grep -c '^        - id: ' "$tmp/norrmalm.yaml")" = 14 ] ||
	fail "not every table row became an action"

# Every construct, and merged cells.
pandoc --resource-path=tests/import tests/import/constructs.md \
    -o "$tmp/c.docx" || fail "pandoc"
python3 - "$tmp/c.docx" <<'PY' || fail "adding merged cells"
import sys, zipfile
path = sys.argv[1]
z = zipfile.ZipFile(path)
parts = {n: z.read(n) for n in z.namelist()}
z.close()
doc = parts["word/document.xml"].decode()
# The plain table's second row: its first cell spans two columns, and the
# first row's first cell goes on below.
i = doc.rindex("<w:tbl>")
cell = doc.index("<w:tc>", doc.index("<w:tr>", doc.index("<w:tr>", i) + 1))
doc = doc[:cell] + '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>' \
    '<w:p><w:r><w:t>Sammanslagen cell</w:t></w:r></w:p></w:tc>' \
    '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>' + doc[cell:]
# A title page's table of labels, a text box, a field and a link made by
# a field, which pandoc does not write either.
doc = doc.replace("<w:body>", "<w:body><w:tbl><w:tr><w:tc><w:p><w:r>"
    "<w:t>Utgivningsdatum:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>"
    "<w:t>15 mars 2024</w:t></w:r></w:p></w:tc></w:tr></w:tbl>", 1)
i = doc.rindex("<w:p>", 0, doc.index(">Aktiviteter</w:t>"))
doc = doc[:i] + '<w:p><w:r><w:t xml:space="preserve">Före rutan. </w:t>' \
    '</w:r><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>' \
    '<w:t>Text i en textruta</w:t></w:r></w:p></w:txbxContent></v:textbox>' \
    '</v:shape></w:pict></w:r></w:p><w:p><w:fldSimple w:instr=" DATE ">' \
    '<w:r><w:t>2024-03-01</w:t></w:r></w:fldSimple></w:p><w:p><w:r>' \
    '<w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText ' \
    'xml:space="preserve"> HYPERLINK "https://www.stockholm.se/" ' \
    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' \
    '<w:r><w:t>stadens webbplats</w:t></w:r><w:r>' \
    '<w:fldChar w:fldCharType="end"/></w:r></w:p>' + doc[i:]
parts["word/document.xml"] = doc.encode()
z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
for n, data in parts.items():
    z.writestr(n, data)
z.close()
PY
expect 0 "$hplan" import "$tmp/c.docx" -o "$tmp/c.yaml"
for what in "a tracked insertion is kept" \
    'a tracked deletion is left out: "struken text"' \
    'a comment is left out: "kommenterad"' 'an image ("En bild")' \
    "a cell merged across columns" "a cell merged with the one above" \
    "a row with more cells than the table's header" \
    'a text box is kept as text in its paragraph: "Text i en textruta"' \
    "the field 'DATE ' is kept as the text it showed"; do
	contains "$tmp/err" "$what"
done
grep -q 'c.docx: warning: paragraph [0-9]* ("Text med infogad text' \
    "$tmp/err" || fail "the report does not name the paragraph"
contains "$tmp/out" "2 footnotes, 1 tables, 1 action tables with 2 actions"
expect 0 "$hplan" render -q "$tmp/c.yaml" -o "$tmp/c"
# The deleted text and the comment are reported, not printed.
pandoc -t plain --wrap=none tests/import/constructs.md |
    sed -e 's/struken text//' -e 's/kommenterad//' >"$tmp/c.txt"
covered "$tmp/c.txt" "$tmp/c/c.pdf"
contains "$tmp/c.yaml" "Utbildning för all personal^[Not i en tabellcell.]"
contains "$tmp/c.yaml" "rubrik: Aktiviteter 2024"
contains "$tmp/c.yaml" "kolumner: [aktivitet, ansvarig, tidplan, uppföljning]"
contains "$tmp/c.yaml" "- Handskriven punkt ett"
contains "$tmp/c.yaml" "1. Handskriven nummer ett"
contains "$tmp/c.yaml" "> Citerad text"
contains "$tmp/c.yaml" "utgivningsdatum: 2024-03-15"
contains "$tmp/c.yaml" "Före rutan. Text i en textruta"
contains "$tmp/c.yaml" "[stadens webbplats](https://www.stockholm.se/)"
contains "$tmp/c.yaml" "2024-03-01"

# The same files saved by LibreOffice, whose XML is its own (other style
# ids, lists split over numberings, no tblHeader): the same plans.  (It
# loses the text of a footnote in a table cell, and writes the other
# footnote's there.)
if command -v soffice >/dev/null 2>&1; then
	for f in norrmalm c; do
		timeout 120 soffice -env:UserInstallation="file://$tmp/lo-profile" \
		    --headless --convert-to docx:"MS Word 2007 XML" \
		    --outdir "$tmp/lo" "$tmp/$f.docx" >/dev/null 2>&1 ||
			fail "LibreOffice did not save $f.docx"
		python3 -c 'import sys, zipfile
a, b = (zipfile.ZipFile(p).read("word/document.xml") for p in sys.argv[1:])
sys.exit(a == b)' "$tmp/$f.docx" "$tmp/lo/$f.docx" ||
			fail "LibreOffice's $f.docx has pandoc's XML"
		expect 0 "$hplan" import "$tmp/lo/$f.docx" -o "$tmp/lo-$f.yaml"
		# (LibreOffice also sets a DATE field to today.)
		unlost='/Utbildning för all personal^\[/d; /^ *[0-9][0-9/-]*$/d'
		sed "$unlost" "$tmp/$f.yaml" >"$tmp/want.yaml"
		sed "$unlost" "$tmp/lo-$f.yaml" >"$tmp/got.yaml"
		diff -u "$tmp/want.yaml" "$tmp/got.yaml" ||
			fail "LibreOffice's $f.docx imports as another plan"
	done
else
	echo "LibreOffice (libreoffice-writer-nogui) is not installed: its" \
	    "Word files are not tested"
fi

# Word files that lost text without a word before (each made by hand to
# show one way): every "FÖRLORAD" in them is in the plan or the report.
for f in tests/import/lost/*.docx; do
	expect 0 "$hplan" import --force "$f" -o "$tmp/lost.yaml"
	want=$(python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(sum(z.read(n).decode().count("FÖRLORAD") for n in z.namelist()
          if n.endswith(".xml")))' "$f")
	got=$(cat "$tmp/lost.yaml" "$tmp/err" | grep -o "FÖRLORAD" | wc -l)
	[ "$got" -ge "$want" ] ||
		fail "$f: $want words FÖRLORAD in it, $got in the plan and report"
done

# Refusals: an existing file without --force, a file that is not Word.
expect 3 "$hplan" import "$tmp/c.docx" -o "$tmp/c.yaml"
contains "$tmp/err" "exists already"
printf 'not a zip\n' >"$tmp/bad.docx"
expect 1 "$hplan" import "$tmp/bad.docx" -o "$tmp/bad.yaml"
contains "$tmp/err" "not a Word document"
[ -e "$tmp/bad.yaml" ] && fail "a failed import wrote a file"
expect 0 "$hplan" import -q --force "$tmp/c.docx" -o "$tmp/c.yaml"
[ -s "$tmp/out" ] && fail "-q printed the summary"
exit $status
