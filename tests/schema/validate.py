#!/usr/bin/env python3
# Validates NDJSON files against docs/schema.json: every line must be one
# record the schema allows (python3-jsonschema, Draft 2020-12).
#
#   validate.py SCHEMA FILE...
# Prints "N records (type: n, ...) valid" or the first errors, exit 1.
import collections
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    types = collections.Counter()
    errors = []
    for path in sys.argv[2:]:
        with open(path, 'rb') as f:
            for n, raw in enumerate(f, 1):
                try:
                    record = json.loads(raw)
                except ValueError as e:
                    errors.append(f'{path}:{n}: not JSON ({e}): {raw[:120]!r}')
                    continue
                types[record.get('type') if isinstance(record, dict) else None] += 1
                for e in validator.iter_errors(record):
                    where = '/'.join(str(p) for p in e.absolute_path) or '(record)'
                    errors.append(f'{path}:{n}: {where}: {e.message[:200]}')
    if errors:
        print(f'{len(errors)} problems; first ones:')
        for e in errors[:10]:
            print('  ' + e)
        return 1
    summary = ', '.join(f'{t}: {c}' for t, c in sorted(types.items(), key=str))
    print(f'{sum(types.values())} records in {len(sys.argv) - 2} files valid ({summary})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
