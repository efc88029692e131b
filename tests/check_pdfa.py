#!/usr/bin/python3
"""Checks hplan's archival PDF of one plan:

- the PDF/A-1b build against Apache PDFBox Preflight (Debian's
  libpdfbox2-java); the test fails when the validator is missing;
- the PDF/A-2b build (the default) with `qpdf --check` and an assertion for
  every item hplan adds for PDF/A-2b, read from `qpdf --json`: XMP with
  pdfaid part 2 / conformance B in step with the Info dictionary, the sRGB
  output intent, /Lang, DisplayDocTitle, MarkInfo, a structure tree, an
  outline,
  printable links with /Contents, /Tabs /S, CIDToGIDMap, a trailer /ID;
- `pdfinfo` says Tagged: yes, `pdffonts` has every font embedded;
- decoration is an artifact: every page's running header and number are
  marked /Artifact in its content (balanced marked content, no Private
  element left in the content or the structure tree), and the structure
  tree's text does not hold the header, which the page's text does, nor the
  contents' dot leaders;
- the file is written anew, not updated: one cross-reference table;
- a second run gives the same bytes.

Usage: check_pdfa.py HPLAN PLAN"""
import json
import os
import re
import subprocess
import sys
import tempfile

JAVA = "/usr/share/java"
PREFLIGHT_JARS = ["preflight", "pdfbox2", "fontbox2", "xmpbox",
                  "commons-logging", "javax.activation", "jaxb-api"]

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def render(hplan, plan, out, level):
    r = run(hplan, "render", "--pdfa", level, "-o", out, plan)
    if r.returncode != 0:
        sys.exit("hplan failed: " + r.stderr)
    name = os.path.splitext(os.path.basename(plan))[0]
    return os.path.join(out, name + ".pdf")


def preflight(pdf):
    jars = [os.path.join(JAVA, j + ".jar") for j in PREFLIGHT_JARS]
    missing = [j for j in jars if not os.path.exists(j)]
    if missing:
        fail("PDFBox Preflight is missing: " + ", ".join(missing))
        return
    r = run("java", "-cp", ":".join(jars),
            "org.apache.pdfbox.preflight.Validator_A1b", pdf)
    if "is a valid PDF/A-1b file" not in r.stdout:
        fail("Preflight rejects the PDF/A-1b file:\n" + r.stdout + r.stderr)


def objects(pdf):
    r = run("qpdf", "--json=2", "--json-key=qpdf", pdf)
    if r.returncode != 0:
        sys.exit("qpdf --json failed: " + r.stderr)
    return json.loads(r.stdout)["qpdf"][1]


def value(objs, ref):
    """The value of an object, following an indirect reference."""
    if isinstance(ref, str) and ref.endswith(" R"):
        o = objs.get("obj:" + ref, {})
        return o.get("value", o.get("stream", {}).get("dict"))
    return ref


def text(v):
    return v[2:] if isinstance(v, str) and v[:2] in ("u:", "b:") else v


def check_2b(pdf):
    r = run("qpdf", "--check", pdf)
    if r.returncode != 0 or "No syntax or stream encoding errors" not in r.stdout:
        fail("qpdf --check: " + r.stdout + r.stderr)
    objs = objects(pdf)
    trailer = objs["trailer"]["value"]
    root = value(objs, trailer["/Root"])
    info = value(objs, trailer["/Info"])
    if "/ID" not in trailer:
        fail("the trailer has no /ID")
    if text(root.get("/Lang")) != "sv-SE":
        fail("/Lang is not sv-SE")
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        fail("DisplayDocTitle is not set")
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        fail("/MarkInfo /Marked is not true")
    if "/StructTreeRoot" not in root:
        fail("there is no structure tree")
    outlines = value(objs, root.get("/Outlines"))
    if not outlines or "/First" not in outlines:
        fail("there are no bookmarks (outline)")
    intents = [value(objs, i) for i in root.get("/OutputIntents", [])]
    if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i
               for i in intents):
        fail("there is no PDF/A output intent with an ICC profile")
    if "/Metadata" not in root:
        fail("the catalog has no /Metadata")
        return
    meta = subprocess.run(["qpdf", "--show-object=" + root["/Metadata"].split()[0],
                           "--raw-stream-data", pdf], capture_output=True).stdout.decode()
    for want in ("<pdfaid:part>2</pdfaid:part>",
                 "<pdfaid:conformance>B</pdfaid:conformance>"):
        if want not in meta:
            fail("the XMP lacks " + want)
    # The Info dictionary and the XMP say the same.
    pairs = [("/Title", r"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">(.*?)</rdf:li>"),
             ("/Producer", r"<pdf:Producer>(.*?)</pdf:Producer>"),
             ("/Creator", r"<xmp:CreatorTool>(.*?)</xmp:CreatorTool>")]
    for key, pattern in pairs:
        m = re.search(pattern, meta)
        if m is None or m.group(1).replace("&amp;", "&") != text(info.get(key)):
            fail("Info %s differs from the XMP" % key)
    m = re.search(r"<xmp:CreateDate>(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)Z", meta)
    if m is None or text(info.get("/CreationDate")) != "D:" + "".join(m.groups()) + "Z":
        fail("Info /CreationDate differs from the XMP")
    pages = 0
    for key, o in objs.items():
        v = o.get("value")
        if not isinstance(v, dict):
            continue
        if v.get("/Type") == "/Page":
            pages += 1
            if v.get("/Tabs") != "/S":
                fail("%s has no /Tabs /S" % key)
        if v.get("/Subtype") == "/Link":
            if v.get("/F") != 4 or not text(v.get("/Contents")):
                fail("link %s lacks /F 4 or /Contents" % key)
        if v.get("/Subtype") == "/CIDFontType2" and v.get("/CIDToGIDMap") != "/Identity":
            fail("font %s has no /CIDToGIDMap" % key)
    if pages == 0:
        fail("no pages found")
    r = run("pdfinfo", pdf)
    if "Tagged:          yes" not in r.stdout:
        fail("pdfinfo does not say Tagged: yes")
    r = run("pdffonts", pdf)
    rows = r.stdout.splitlines()[2:]
    if not rows or any(row.split()[-5] != "yes" for row in rows):
        fail("a font is not embedded:\n" + r.stdout)


def check_artifacts(pdf, tmp):
    qdf = os.path.join(tmp, "qdf.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf], check=True)
    data = open(qdf, "rb").read().decode("latin-1")
    if "/S /Private" in data or "/Private << /MCID" in data:
        fail("a Private element (decoration) is left in the file")
    contents = re.findall(r"%% Contents for page \d+\n%% Original object ID: \d+ 0\n"
                          r"\d+ 0 obj\n<<.*?>>\nstream\n(.*?)endstream", data, re.S)
    if not contents:
        fail("no page content found")
    for n, c in enumerate(contents, 1):
        page = run("pdftotext", "-f", str(n), "-l", str(n), pdf, "-").stdout
        if re.search(r"\d+ \(\d+\)", page) and "/Artifact BMC" not in c:
            fail("page %d's running header is no artifact" % n)
        opened = len(re.findall(r"\bBDC\b|\bBMC\b", c))
        if opened != len(re.findall(r"\bEMC\b", c)):
            fail("page %d's marked content is not balanced" % n)
    structure = run("pdfinfo", "-struct-text", pdf).stdout
    pages = run("pdfinfo", pdf).stdout
    count = re.search(r"^Pages:\s+(\d+)", pages, re.M).group(1)
    header = "(%s)" % count
    if header not in run("pdftotext", pdf, "-").stdout:
        fail("the page's text lacks the running header " + header)
    if header in structure:
        fail("the structure tree holds the running header " + header)
    if re.search(r"\.{5}", structure):
        fail("the structure tree holds the contents' dot leaders")
    raw = open(pdf, "rb").read()
    if raw.count(b"startxref") != 1:
        fail("the file is not written anew (an incremental update)")


def main():
    hplan, plan = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        preflight(render(hplan, plan, os.path.join(tmp, "1b"), "1b"))
        pdf = render(hplan, plan, os.path.join(tmp, "2b"), "2b")
        check_2b(pdf)
        check_artifacts(pdf, tmp)
        again = render(hplan, plan, os.path.join(tmp, "again"), "2b")
        if open(pdf, "rb").read() != open(again, "rb").read():
            fail("two runs gave different PDF/A files")
    print("%d checks failed" % len(failures) if failures else "all checks passed")
    sys.exit(1 if failures else 0)


main()
