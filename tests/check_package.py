#!/usr/bin/python3
"""Checks `hplan package`: the E-ARK SIP of a plan with a dnr has METS.xml
(well-formed) listing every file of the package with its right size and
SHA-256, the PDF, content XML and ERMS in representations/rep1/data, the
schemas in schemas/, an ERMS file valid against its schema; a second run
gives the same bytes; an existing directory and a plan without a dnr are
refused and leave nothing behind.  A tjänsteutlåtande with its plan is
packaged with the plan's PDF and XML and its Bilaga 2, under one ERMS case;
one left unfinished is refused.

Usage: check_package.py HPLAN SOURCE_DIR"""
import hashlib
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

failures = []
METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def package(hplan, plan, out):
    return subprocess.run([hplan, "package", plan, "-o", out],
                          capture_output=True, text=True)


def files_in(top):
    found = set()
    for d, _, names in os.walk(top):
        for n in names:
            found.add(os.path.relpath(os.path.join(d, n), top))
    return found


def check_sip(sip, src):
    r = subprocess.run(["xmllint", "--noout", "--nonet",
                        os.path.join(sip, "METS.xml")], capture_output=True)
    if r.returncode != 0:
        fail("METS.xml is not well-formed")
        return
    mets = ET.parse(os.path.join(sip, "METS.xml")).getroot()
    listed = set()
    for f in mets.iter(METS + "file"):
        href = f.find(METS + "FLocat").get(XLINK + "href")
        listed.add(href)
        path = os.path.join(sip, href)
        if not os.path.isfile(path):
            fail("METS lists %s, which is missing" % href)
            continue
        data = open(path, "rb").read()
        if int(f.get("SIZE")) != len(data):
            fail("the size of %s is wrong in METS" % href)
        if f.get("CHECKSUMTYPE") != "SHA-256" or \
                f.get("CHECKSUM") != hashlib.sha256(data).hexdigest():
            fail("the checksum of %s is wrong in METS" % href)
    present = files_in(sip) - {"METS.xml"}
    if present != listed:
        fail("METS and the package differ: %s" % sorted(present ^ listed))
    data = [p for p in present if p.startswith("representations/rep1/data/")]
    for ext in (".pdf", ".xml", ".erms.xml"):
        if not any(p.endswith(ext) for p in data):
            fail("representations/rep1/data has no %s file" % ext)
    if not any(p.startswith("schemas/") for p in present):
        fail("the package has no schemas")
    erms = [p for p in data if p.endswith(".erms.xml")]
    for e in erms:
        r = subprocess.run(["xmllint", "--noout", "--nonet", "--schema",
                            os.path.join(src, "generator/schemas/ERMS_v3.xsd"),
                            os.path.join(sip, e)], capture_output=True)
        if r.returncode != 0:
            fail("the ERMS file does not validate")


MEMO = """dokument: tjänsteutlåtande
plan: norrmalm-2018.yaml
datum: 2018-04-20
handläggare: {namn: %s, telefon: 08-508 00 000}
förslag:
  - Stadsdelsnämnden godkänner handlingsplanen.
sammanfattning: Planen revideras.
"""


def memo_package(hplan, src, tmp):
    indir = os.path.join(tmp, "in")
    os.mkdir(indir)
    for name in ("norrmalm-2017.yaml", "norrmalm-2018.yaml"):
        text = open(os.path.join(src, "input", name), encoding="utf-8").read()
        with open(os.path.join(indir, name), "w", encoding="utf-8") as f:
            f.write(text.replace('dnr: ""', 'dnr: "3.1.1-212/2018"'))
    for name, officer in (("utlatande.yaml", "Anna Andersson"),
                          ("utkast.yaml", "FYLL I")):
        with open(os.path.join(indir, name), "w", encoding="utf-8") as f:
            f.write(MEMO % officer)
    sip = os.path.join(tmp, "memo")
    r = package(hplan, os.path.join(indir, "utlatande.yaml"), sip)
    if r.returncode != 0:
        fail("a tjänsteutlåtande with its plan was not packaged: " + r.stderr)
        return
    check_sip(sip, src)
    data = sorted(p[len("representations/rep1/data/"):] for p in files_in(sip)
                  if p.startswith("representations/rep1/data/"))
    want = ["norrmalm-2018.pdf", "norrmalm-2018.xml", "utlatande-bilaga-2.pdf",
            "utlatande.erms.xml", "utlatande.pdf", "utlatande.xml"]
    if data != want:
        fail("the tjänsteutlåtande's package holds %s, want %s" % (data, want))
    erms = open(os.path.join(sip, "representations/rep1/data/utlatande.erms.xml"),
                encoding="utf-8").read()
    if erms.count("<record ") != 2:
        fail("the tjänsteutlåtande's ERMS file has not two records")
    r = package(hplan, os.path.join(indir, "utkast.yaml"),
                os.path.join(tmp, "draft"))
    if r.returncode != 1 or "a draft is not packaged" not in r.stderr:
        fail("an unfinished tjänsteutlåtande was packaged: " + r.stderr)


def main():
    hplan, src = sys.argv[1], sys.argv[2]
    with_dnr = os.path.join(src, "input", "socialnamnden-2020.yaml")
    without = os.path.join(src, "input", "norrmalm-2017.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        for out in (a, b):
            r = package(hplan, with_dnr, out)
            if r.returncode != 0:
                sys.exit("hplan package failed: " + r.stderr)
        check_sip(a, src)
        for f in sorted(files_in(a)):
            if open(os.path.join(a, f), "rb").read() != \
                    open(os.path.join(b, f), "rb").read():
                fail("two runs gave different %s" % f)
        before = {f: open(os.path.join(a, f), "rb").read() for f in files_in(a)}
        r = package(hplan, with_dnr, a)
        if r.returncode != 3 or "exists already" not in r.stderr:
            fail("an existing package directory was not refused")
        if {f: open(os.path.join(a, f), "rb").read() for f in files_in(a)} != before:
            fail("the existing package was changed")
        c = os.path.join(tmp, "c")
        r = package(hplan, without, c)
        if r.returncode != 1 or "has no dnr" not in r.stderr:
            fail("a plan without a dnr was packaged: %s" % r.stderr)
        memo_package(hplan, src, tmp)
        left = sorted(set(os.listdir(tmp)) - {"a", "b", "in", "memo"})
        if left:
            fail("files were left behind: %s" % left)
    print("%d checks failed" % len(failures) if failures else "all checks passed")
    sys.exit(1 if failures else 0)


main()
