#!/usr/bin/env bash
# Prints the fenced block between <!-- MARKER --> and <!-- /MARKER --> in a README, without its ``` fences:
# literally what the README shows, so CI runs the text a reader copies. Fails if there is none.
# usage: readme_snippet.sh README MARKER
set -euo pipefail
readme=$1 marker=$2
snippet=$(awk -v first="<!-- $marker -->" -v last="<!-- /$marker -->" '
  $0 == first { inside = 1; next }
  $0 == last { inside = 0; next }
  inside && !/^```/ { print }' "$readme")
if [[ -z "$snippet" ]]; then echo "$readme has no snippet between <!-- $marker --> and <!-- /$marker -->" >&2; exit 1; fi
printf '%s\n' "$snippet"
