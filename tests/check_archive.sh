#!/bin/sh
# A plan's archival XML: valid against the schema, read back to the same
# bytes, written back as YAML to the same tree (beside the plan's images,
# which -T yaml names but does not write), and regenerating the identical
# PDF (for the plans made for a feature; the examples have
# check_example.sh).
# Usage: check_archive.sh HPLAN SOURCE_DIR PLAN
set -u
hplan=$1
src=$2
plan=$3
. "$(dirname "$0")/lib.sh"
name=$(basename "$plan" .yaml)

"$hplan" -T xml "$plan" >"$tmp/a.xml" || fail "hplan -T xml"
xmllint --noout --nonet --schema "$src/generator/handlingsplan.xsd" \
    "$tmp/a.xml" || fail "the XML does not validate against handlingsplan.xsd"
"$hplan" -T xml "$tmp/a.xml" >"$tmp/b.xml" || fail "reading the XML back"
cmp "$tmp/a.xml" "$tmp/b.xml" || fail "YAML -> XML -> XML is not identical"
"$hplan" -T tree "$plan" | sed 's/ @[0-9:]*$//' >"$tmp/tree"
cp -R "$(dirname "$plan")" "$tmp/dir"
"$hplan" -T yaml "$plan" >"$tmp/dir/again.yaml" || fail "hplan -T yaml"
"$hplan" -T tree "$tmp/dir/again.yaml" | sed 's/ @[0-9:]*$//' >"$tmp/ytree"
diff -u "$tmp/tree" "$tmp/ytree" ||
	fail "the plan written as YAML reads as another tree"
"$hplan" render "$plan" -o "$tmp/out" 2>/dev/null || fail "hplan render"
"$hplan" render "$tmp/a.xml" -o "$tmp/fromxml" 2>/dev/null ||
	fail "render from XML"
cmp "$tmp/out/$name.pdf" "$tmp/fromxml/a.pdf" ||
	fail "the archival XML did not regenerate the identical PDF"
exit $status
