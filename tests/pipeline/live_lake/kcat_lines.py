"""Lines for `kcat -P -K $'\\x1f'`: `key<US>value` for every record of one input file.

Written with Python's standard library only, not with our readers, so the kcat test feeds the
live lake messages from a producer we did not write. It keys and encodes as `deno task produce`
documents (pipeline/kafka/produce_files.ts, message_key.ts), the obvious way:

- CSV: each row a JSON object of its fields as strings (header names as written); a row whose
  field count differs from the header's is sent with an empty value keyed by its line number;
- NDJSON: each non-blank line sent as it is, keyed by its parsed id, or by its line number when
  it is not a JSON object or has no id;
- JSON array: each element re-serialized, keyed by its id, or by its index.

Keys: user id (activity, transactions), product id (inventory), product id else review id
(reviews). Usage: python3 kcat_lines.py <table> <file>  (lines on stdout, UTF-8).
"""

import csv
import json
import sys

KEY_DELIMITER = "\x1f"  # ASCII unit separator: JSON text escapes it, ids do not hold it
KEYS = {
    "activity": ["user_id"],
    "transactions": ["user_id"],
    "inventory": ["product_id"],
    "reviews": ["product_id", "review_id"],
}


def key_of(table, fields, fallback):
    """The record's id as text (a JSON number in its spelling), else the fallback."""
    if isinstance(fields, dict):
        for name in KEYS[table]:
            value = fields.get(name)
            if isinstance(value, str) and value != "":
                return value
            if isinstance(value, int) and not isinstance(value, bool):
                return str(value)
    return str(fallback)


def emit(out, key, value):
    # kcat splits a line at its first key delimiter and ends a message at a newline.
    if KEY_DELIMITER in key or "\n" in key or "\n" in value:
        raise ValueError("a key holds the key delimiter or a newline, or a value a newline")
    out.write(key + KEY_DELIMITER + value + "\n")


def as_json(fields):
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def csv_lines(table, path, out):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        for row in reader:
            if not row:
                continue  # a blank line is no record
            if len(row) != len(header):
                emit(out, str(reader.line_num), "")
                continue
            fields = dict(zip(header, row))
            emit(out, key_of(table, fields, reader.line_num), as_json(fields))


def ndjson_lines(table, path, out):
    with open(path, encoding="utf-8", newline="") as f:
        for number, line in enumerate(f, start=1):
            text = line.rstrip("\n").rstrip("\r")
            if text.strip() == "":
                continue
            try:
                fields = json.loads(text)
            except ValueError:
                fields = None
            emit(out, key_of(table, fields, number), text)


def json_array_lines(table, path, out):
    with open(path, encoding="utf-8") as f:
        elements = json.load(f)
    for index, element in enumerate(elements):
        emit(out, key_of(table, element, index), as_json(element))


def main(table, path):
    out = sys.stdout
    if path.endswith(".csv"):
        csv_lines(table, path, out)
    elif path.endswith(".ndjson"):
        ndjson_lines(table, path, out)
    elif path.endswith(".json"):
        json_array_lines(table, path, out)
    else:
        raise ValueError("unknown file type: " + path)


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    main(sys.argv[1], sys.argv[2])
