#!/usr/bin/python3
"""Checks YAML plans against the JSON Schema that editors use.

    check_json_schema.py SCHEMA --valid FILE... --invalid FILE...

Each FILE is read with yaml.safe_load and validated with jsonschema's
Draft7Validator; the schema itself is checked first.  One line is printed
per file, "ok FILE" or "FAIL FILE: reason", and the exit status is 1 when
a --valid file is rejected or an --invalid file is accepted (a file that is
not even valid YAML counts as rejected).  Status 2 means bad usage or a
schema that cannot be used.

Needs only python3-yaml and python3-jsonschema (Debian packages).
"""

import datetime
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    sys.stderr.write("check_json_schema.py: %s (install python3-yaml and "
                     "python3-jsonschema)\n" % e)
    sys.exit(2)

USAGE = "usage: check_json_schema.py SCHEMA --valid FILE... --invalid FILE...\n"


def parse_args(argv):
    if not argv or argv[0].startswith("--"):
        sys.stderr.write(USAGE)
        sys.exit(2)
    schema_path, valid, invalid, current = argv[0], [], [], None
    for arg in argv[1:]:
        if arg == "--valid":
            current = valid
        elif arg == "--invalid":
            current = invalid
        elif current is None:
            sys.stderr.write(USAGE)
            sys.exit(2)
        else:
            current.append(arg)
    if not valid and not invalid:
        sys.stderr.write(USAGE)
        sys.exit(2)
    return schema_path, valid, invalid


def to_json(value):
    """The loaded YAML as JSON data: PyYAML turns 2017-09-28 into a date,
    which the schema (like an editor) sees as the text it was written as;
    keys become texts as well."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key_text(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def key_text(key):
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (datetime.date, datetime.datetime)):
        return key.isoformat()
    return str(key)


def where(error):
    path = "/".join(str(p) for p in error.absolute_path)
    return "/" + path


def short_repr(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def describe(error):
    """A one-line reason, from the most telling of the errors."""
    best = jsonschema.exceptions.best_match([error])
    msg = best.message
    # The schema's own Swedish messages (written for editors) say more
    # than a regular expression does.
    schema = best.schema if isinstance(best.schema, dict) else {}
    friendly = None
    if best.validator == "pattern":
        friendly = schema.get("patternErrorMessage")
    elif best.validator in ("contains", "type", "enum", "const"):
        friendly = schema.get("errorMessage")
    elif best.validator == "not":
        friendly = schema.get("description")
    if friendly:
        msg = "%s: %s" % (short_repr(best.instance), friendly)
    if len(msg) > 300:
        msg = msg[:297] + "..."
    return "%s: %s" % (where(best), msg)


def check(validator, path):
    """Returns (accepted, reason)."""
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except OSError as e:
        return None, "cannot read: %s" % e.strerror
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as e:
        # PyYAML raises ValueError for impossible dates such as 2017-09-31.
        return False, "not valid YAML: %s" % " ".join(str(e).split())
    try:
        errors = sorted(validator.iter_errors(to_json(data)),
                        key=lambda e: list(map(str, e.absolute_path)))
    except (TypeError, ValueError, RecursionError) as e:
        return False, "cannot be validated: %s" % e
    if not errors:
        return True, None
    reasons = [describe(e) for e in errors]
    more = " (and %d more)" % (len(reasons) - 1) if len(reasons) > 1 else ""
    return False, reasons[0] + more


def main(argv):
    schema_path, valid, invalid = parse_args(argv)
    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
    except OSError as e:
        sys.stderr.write("%s: cannot read: %s\n" % (schema_path, e.strerror))
        return 2
    except ValueError as e:
        sys.stderr.write("%s: not valid JSON: %s\n" % (schema_path, e))
        return 2
    except jsonschema.exceptions.SchemaError as e:
        sys.stderr.write("%s: not a valid draft-07 schema: %s at %s\n" % (
            schema_path, e.message,
            "/" + "/".join(str(p) for p in e.absolute_path)))
        return 2
    validator = jsonschema.Draft7Validator(schema)

    failed = 0
    for path in valid:
        accepted, reason = check(validator, path)
        if accepted:
            print("ok %s" % path)
        else:
            print("FAIL %s: %s" % (path, reason))
            failed += 1
    for path in invalid:
        accepted, reason = check(validator, path)
        if accepted is False:
            print("ok %s (rejected: %s)" % (path, reason))
        elif accepted is None:
            print("FAIL %s: %s" % (path, reason))
            failed += 1
        else:
            print("FAIL %s: accepted, but it should be rejected" % path)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
