#!/bin/sh
# Checks one example plan end to end: its document tree against the
# golden dump, its archival XML against the schema, and the round trip
# YAML -> XML -> tree -> XML, which must give the same bytes and tree;
# and the PDF, byte-identical on every run and from the XML.
# Usage: check_example.sh HPLAN SOURCE_DIR NAME
set -u
hplan=$1
cd "$2" || exit 1
name=$3
. "$(dirname "$0")/lib.sh"

"$hplan" -T tree "input/$name.yaml" >"$tmp/tree" || fail "hplan -T tree"
diff -u "tests/golden/$name.tree" "$tmp/tree" ||
	fail "the tree differs from tests/golden/$name.tree"

"$hplan" -T xml "input/$name.yaml" >"$tmp/a.xml" || fail "hplan -T xml"
xmllint --noout --nonet --schema generator/handlingsplan.xsd "$tmp/a.xml" ||
	fail "the XML does not validate against handlingsplan.xsd"

"$hplan" -T xml "$tmp/a.xml" >"$tmp/b.xml" || fail "reading the XML back"
cmp "$tmp/a.xml" "$tmp/b.xml" || fail "YAML -> XML -> XML is not identical"

"$hplan" -T tree "$tmp/a.xml" >"$tmp/xtree" || fail "hplan -T tree of XML"
sed 's/ @[0-9:]*$//' "$tmp/tree" >"$tmp/tree.nopos"
sed 's/ @[0-9:]*$//' "$tmp/xtree" >"$tmp/xtree.nopos"
diff -u "$tmp/tree.nopos" "$tmp/xtree.nopos" ||
	fail "the tree read from the XML differs from the YAML's"

# The plan written back as YAML reads as the same tree.
# (beside the examples' images, which it names).
cp -R input/bilder "$tmp/"
"$hplan" -T yaml "input/$name.yaml" >"$tmp/again.yaml" || fail "hplan -T yaml"
"$hplan" -T tree "$tmp/again.yaml" | sed 's/ @[0-9:]*$//' >"$tmp/ytree.nopos"
diff -u "$tmp/tree.nopos" "$tmp/ytree.nopos" ||
	fail "the plan written as YAML reads as another tree"

"$hplan" render "input/$name.yaml" -o "$tmp/out" 2>"$tmp/err" ||
	fail "hplan render"
cmp "$tmp/a.xml" "$tmp/out/$name.xml" || fail "render wrote other XML"
# The ERMS file for the diarium: only with a dnr, valid, its checksums
# those of the files beside it.
if grep -q '^dnr "[^"]' "$tmp/tree"; then
	want="$name.erms.xml $name.pdf $name.xml "
	xmllint --noout --nonet --schema generator/schemas/ERMS_v3.xsd \
	    "$tmp/out/$name.erms.xml" ||
		fail "the ERMS file does not validate against ERMS_v3.xsd"
	for f in pdf xml; do
		sum=$(sha256sum "$tmp/out/$name.$f" | cut -d' ' -f1)
		grep -q "<value>$sum</value>" "$tmp/out/$name.erms.xml" ||
			fail "the ERMS file lacks the checksum of $name.$f"
	done
else
	want="$name.pdf $name.xml "
	grep -q "warning: the plan has no dnr" "$tmp/err" ||
		fail "no warning about the missing dnr"
fi
[ "$(ls -A "$tmp/out" | tr '\n' ' ')" = "$want" ] ||
	fail "render wrote other files: $(ls -A "$tmp/out")"
# The PDF is the same on every run, and the same from the archival XML.
"$hplan" render "input/$name.yaml" -o "$tmp/again" 2>/dev/null ||
	fail "second render"
for f in $want; do
	cmp "$tmp/out/$f" "$tmp/again/$f" ||
		fail "two renders of the same plan gave different $f"
done
"$hplan" render "$tmp/a.xml" -o "$tmp/fromxml" 2>/dev/null ||
	fail "render from XML"
cmp "$tmp/out/$name.pdf" "$tmp/fromxml/a.pdf" ||
	fail "the archival XML did not regenerate the identical PDF"
exit $status
