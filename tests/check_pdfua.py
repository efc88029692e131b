#!/usr/bin/python3
"""Checks hplan's PDF of one plan for the conditions of the Matterhorn
Protocol 1.1 (PDF/UA-1) that a machine can check and that apply to what
hplan draws, reading the file with `qpdf --json`:

- 01-001/01-002: every painting operator (text, paths, images) is in
  marked content that is either tagged (an MCID the parent tree maps to an
  element) or an artifact, and tagged content and artifacts never nest;
- 02-001: only standard structure types (no role map is written);
- 06-001, 07-001: the document's language and title, DisplayDocTitle,
  /MarkInfo /Marked; 06-002: the XMP claims PDF/UA-1 (pdfuaid:part 1);
- 14-003: headings do not skip a level;
- 13-004: every Figure has /Alt, not empty (and nothing else has one,
  which a screen reader would read in place of its text);
- 19-003/19-004: every Note has an ID, unique, which the IDTree names;
- 15-003 (part): every TH has /Scope /Column;
- the tree holds together over pages: every Sect begins with its heading (no
  section opened again after a page break, a note or a rule), every Table
  has one THead of one row of TH and one TBody, and no TH below a TBody (a
  header row a page repeats is an artifact);
- 28-004/28-011: every Link annotation is in a Link element (through its
  /StructParent) and has /Contents;
- 15-004 (regular tables): every row of a table as many cells, an empty
  cell an empty TD;
- no other empty structure element; every element's /P is its parent;
- 11-001 (part): every passage the plan marks as in another language (its
  archival XML's <foreign>) is tagged with that /Lang, its whole text, and
  nothing else is: the text of the elements with each /Lang (from
  `pdfinfo -struct-text`) is the plan's text in that language;
- what hplan promises beyond: a Link element holds its text as well as its
  annotation, and a Note comes right after the Reference to it.

Usage: check_pdfua.py HPLAN PLAN"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index
NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead
TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP
Warichu WT WP Figure Formula Form""".split())
PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*",
         "Do", "sh", "BI"}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def render(hplan, plan, out):
    r = subprocess.run([hplan, "render", "-o", out, plan], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("hplan failed: " + r.stderr)
    return os.path.join(out, os.path.splitext(os.path.basename(plan))[0] + ".pdf")


def objects(pdf):
    r = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf",
                        "--json-stream-data=inline", "--decode-level=generalized", pdf],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("qpdf --json failed: " + r.stderr)
    return json.loads(r.stdout)["qpdf"][1]


class Pdf:
    def __init__(self, objs):
        self.objs = objs

    def get(self, ref):
        """An object's value (a stream's dictionary), following a reference."""
        if isinstance(ref, str) and ref.endswith(" R"):
            o = self.objs.get("obj:" + ref, {})
            return o.get("value", o.get("stream", {}).get("dict"))
        return ref

    def data(self, ref):
        o = self.objs.get("obj:" + ref, {})
        return base64.b64decode(o.get("stream", {}).get("data", "")).decode("latin-1")


def tokens(content):
    """The operators and operands of a content stream, strings emptied."""
    content = re.sub(r"\((?:\\.|[^\\)])*\)", "()", content)
    content = re.sub(r"<[0-9A-Fa-f\s]*>", "<>", content)
    return re.findall(r"<<|>>|\[|\]|/[^\s/\[\]<>()]+|[^\s\[\]<>()/]+|\(\)|<>", content)


OPERATOR = re.compile(r"[A-Za-z'\"][A-Za-z0-9*'\"]*")


def check_content(pdf, pages, parents):
    """Every page's painting in tagged content or an artifact, never both."""
    for n, page in enumerate(pages, 1):
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list) else [contents]
        mapped = parents.get(page.get("/StructParents"), [])
        stack = []  # of "artifact", "tagged", "other"
        operands = []
        for t in (t for r in refs for t in tokens(pdf.data(r))):
            if not OPERATOR.fullmatch(t) or t in ("true", "false", "null"):
                operands.append(t)
                continue
            if t in ("BMC", "BDC"):
                tag = operands[0] if operands else ""
                mcid = (int(operands[operands.index("/MCID") + 1])
                        if "/MCID" in operands else None)
                kind = ("artifact" if tag == "/Artifact" else
                        "tagged" if mcid is not None else "other")
                if kind == "tagged" and "artifact" in stack:
                    fail("page %d: tagged content inside an artifact" % n)
                if kind == "artifact" and "tagged" in stack:
                    fail("page %d: an artifact inside tagged content" % n)
                if kind == "tagged" and (mcid >= len(mapped) or mapped[mcid] is None):
                    fail("page %d: MCID %d is in no element" % (n, mcid))
                stack.append(kind)
            elif t == "EMC":
                if not stack:
                    fail("page %d: EMC without BMC or BDC" % n)
                else:
                    stack.pop()
            elif t in PAINT and "tagged" not in stack and "artifact" not in stack:
                fail("page %d: %s paints outside tagged content and artifacts" % (n, t))
            operands = []
        if stack:
            fail("page %d: marked content left open" % n)


def plan_languages(hplan, plan):
    """The plan's text in each language of a passage, in reading order,
    from its archival XML: a note is in the language it was written in."""
    r = subprocess.run([hplan, "-T", "xml", plan], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("hplan -T xml failed: " + r.stderr)
    texts = {}

    def collect(e, lang):
        if e.tag.rsplit("}", 1)[-1] == "foreign":
            lang = e.get("lang").lower()
        if lang:
            texts[lang] = texts.get(lang, "") + (e.text or "")
        for c in e:
            collect(c, lang)
            if lang:
                texts[lang] += c.tail or ""
    collect(ET.fromstring(r.stdout), None)
    return texts


def struct_texts(pdf_file):
    """The elements in the order `pdfinfo -struct-text` lists them: each
    one's type and the text of its content."""
    r = subprocess.run(["pdfinfo", "-struct-text", pdf_file], capture_output=True,
                       text=True)
    elems = []
    for line in r.stdout.splitlines():
        m = re.match(r' *"(.*)"$', line)
        if m and elems:
            elems[-1][1] += m.group(1)
        elif (m := re.match(r" *([A-Z][A-Za-z0-9]*)(:| |$)", line)) and \
                m.group(1) != "Object":
            elems.append([m.group(1), ""])
    return elems


def check_texts(elements, pdfinfo, expected):
    """Every Link holds text; the text of the elements with each /Lang is
    the plan's in it."""
    if [t for t, _ in elements] != [t for t, _ in pdfinfo]:
        fail("pdfinfo and qpdf list other elements")
        return
    for t, text in pdfinfo:
        if t == "Link" and not text.strip():
            fail("a Link element holds no text, only its annotation")
    found = {}
    for (_, lang), (_, text) in zip(elements, pdfinfo):
        key = re.sub(r"^u:|^\(|\)$", "", lang or "").lower()
        if key and key != "sv-se":
            found[key] = found.get(key, "") + text
    squeeze = lambda t: re.sub(r"\s+", "", t)
    for lang in sorted(set(found) | set(expected)):
        if squeeze(found.get(lang, "")) != squeeze(expected.get(lang, "")):
            fail("the text tagged /Lang %s is %r, the plan's in it %r" %
                 (lang, found.get(lang, ""), expected.get(lang, "")))


def main():
    hplan, plan = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        pdf_file = render(hplan, plan, tmp)
        objs = objects(pdf_file)
        pdfinfo = struct_texts(pdf_file)
    pdf = Pdf(objs)
    trailer = objs["trailer"]["value"]
    root = pdf.get(trailer["/Root"])
    info = pdf.get(trailer["/Info"])
    if not str(root.get("/Lang", "")).endswith("sv-SE"):
        fail("the document's language is not sv-SE")
    if not info.get("/Title"):
        fail("the document has no title")
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        fail("DisplayDocTitle is not set")
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        fail("/MarkInfo /Marked is not true")
    xmp = pdf.data(root["/Metadata"]) if "/Metadata" in root else ""
    if not re.search(r"<pdfuaid:part>1</pdfuaid:part>", xmp):
        fail("the XMP does not claim PDF/UA-1 (pdfuaid:part 1)")

    # The parent tree: page keys to arrays by MCID, annotation keys to elements.
    tree = pdf.get(root["/StructTreeRoot"])
    nums = pdf.get(tree["/ParentTree"])["/Nums"]
    parents = {}
    for i in range(0, len(nums), 2):
        v = pdf.get(nums[i + 1])
        parents[nums[i]] = v if isinstance(v, list) else nums[i + 1]

    # The elements, from the root: types, parents, emptiness, headings.
    headings = []
    elements = []       # in reading order: type and /Lang
    seen = set()
    rows = {}           # table: its rows' numbers of cells
    notes = {}          # a Note's ID: the Note
    parent_table = {}   # element: the table it is in

    def walk(ref, parent, above=()):
        if ref in seen:
            fail("element %s is reached twice" % ref)
            return
        seen.add(ref)
        e = pdf.get(ref)
        s = e.get("/S", "")[1:]
        elements.append((s, e.get("/Lang")))
        lang = e.get("/Lang")
        if lang is not None and not re.fullmatch(
                r"\(?[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\)?", lang.strip("u:")):
            fail("element %s has the language %s, no language tag" % (ref, lang))
        if s not in STANDARD:
            fail("element %s has the non-standard type %s" % (ref, s))
        if e.get("/P") != parent:
            fail("element %s's /P is not its parent" % ref)
        kids = e.get("/K")
        kids = [] if kids is None else kids if isinstance(kids, list) else [kids]
        # An empty cell is an empty TD: the table stays regular.
        if not kids and s != "TD":
            fail("element %s (%s) is empty" % (ref, s))
        if s == "TR":
            rows.setdefault(parent_table[parent], []).append(len(kids))
        if s == "Table":
            parent_table[ref] = ref
        elif parent in parent_table:
            parent_table[ref] = parent_table[parent]
        if s == "TH" and (pdf.get(e.get("/A")) or {}).get("/Scope") != "/Column":
            fail("a TH has no /Scope /Column")
        if s == "Figure" and not re.sub(r"^u:", "", str(e.get("/Alt", ""))).strip():
            fail("a Figure has no /Alt")
        if s != "Figure" and "/Alt" in e:
            fail("a %s has /Alt, which would hide its text" % s)
        if s == "TH" and "TBody" in above:
            fail("a TBody holds TH (a repeated header row)")
        types = [pdf.get(k).get("/S", "")[1:] for k in kids
                 if isinstance(k, str) and "/S" in (pdf.get(k) or {})]
        for i, t in enumerate(types):
            if t == "Note" and (i == 0 or types[i - 1] != "Reference"):
                fail("a Note in %s does not come right after a Reference" % s)
        if s == "Sect" and (not types or types[0] not in ("H1", "H2", "H3")):
            fail("a Sect does not begin with its heading (a section opened again)")
        if s == "Table" and [t for t in types if t != "Caption"] != ["THead", "TBody"]:
            fail("a Table holds %s, not one THead and one TBody" % types)
        if s == "THead":
            row = pdf.get(kids[0]) if len(kids) == 1 else {}
            cells = row.get("/K", []) if isinstance(row, dict) else []
            if row.get("/S") != "/TR" or any(pdf.get(c).get("/S") != "/TH" for c in cells):
                fail("a THead is not one row of TH")
        if s == "Note":
            nid = e.get("/ID")
            if not nid:
                fail("a Note has no ID")
            elif nid in notes:
                fail("two Notes have the ID %s" % nid)
            else:
                notes[nid] = ref
        if re.fullmatch(r"H[1-6]", s):
            headings.append(int(s[1]))
        for k in kids:
            if isinstance(k, str) and k.endswith(" R"):
                kv = pdf.get(k)
                if isinstance(kv, dict) and kv.get("/Type") in ("/MCR", "/OBJR"):
                    continue
                walk(k, ref, above + (s,))

    top = tree.get("/K")
    for k in top if isinstance(top, list) else [top]:
        walk(k, root["/StructTreeRoot"])
    names = pdf.get(tree.get("/IDTree", {})).get("/Names", []) if notes else []
    named = dict(zip(names[0::2], names[1::2]))
    for nid, ref in notes.items():
        if named.get(nid) != ref:
            fail("Note %s is not named %s in the IDTree" % (ref, nid))
    for table, counts in rows.items():
        if len(set(counts)) != 1:
            fail("table %s is not regular: rows of %s cells" % (table, sorted(set(counts))))
    level = 0
    for h in headings:
        if h > level + 1:
            fail("a heading skips from level %d to %d" % (level, h))
            break
        level = h

    pages = [o["value"] for o in objs.values()
             if isinstance(o, dict) and isinstance(o.get("value"), dict)
             and o["value"].get("/Type") == "/Page"]
    check_content(pdf, pages, parents)
    check_texts(elements, pdfinfo, plan_languages(hplan, plan))
    for key, o in objs.items():
        v = o.get("value") if isinstance(o, dict) else None
        if isinstance(v, dict) and v.get("/Subtype") == "/Link":
            if not v.get("/Contents"):
                fail("link %s has no /Contents" % key)
            e = pdf.get(parents.get(v.get("/StructParent"), ""))
            if not isinstance(e, dict) or e.get("/S") != "/Link":
                fail("link %s is in no Link element" % key)
    print("%d checks failed" % len(failures) if failures else "all checks passed")
    sys.exit(1 if failures else 0)


main()
