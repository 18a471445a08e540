#!/bin/bash
# foo: one record per getppid, exactly (the example of docs/development.md).
. "$(dirname "$0")/../lib.sh"
require_root
start_tool foo foo --json --pid "$$" --count 3 || finish
finish
