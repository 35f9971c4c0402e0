#!/usr/bin/env bash
# Regenerates every tests/corpus/<name>.expected from what Node prints for
# <name>.js, then check the diff: the .expected files are the reference the C
# mirrors are tested against, the browser-profile puzzles and the node_*
# ones alike. Each puzzle
# runs twice and must print the same both times, so a puzzle whose timers are
# too close to order reliably fails here instead of flaking later. Run it on
# an idle machine; the seed000 puzzles wait on 3000 ms timers, so the whole
# run takes about 50 s. The .expected files are Node 20's output: another
# major version gets a warning (the node_* puzzles need Node 11 or later).
# Only stdout is kept; node_timeout_out_of_range's TimeoutOverflowWarning on
# stderr is expected.
#
#   tests/corpus/regen.sh            every puzzle
#   tests/corpus/regen.sh NAME...    only these puzzles
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1; then
    echo "regen.sh: node is not installed; it is needed to regenerate the .expected files" >&2
    exit 1
fi

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" != 20 ]; then
    echo "regen.sh: warning: this is node $(node --version); the .expected files are Node 20's" >&2
fi

if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for js in *.js; do
        [ "$js" = show.js ] || names+=("${js%.js}")
    done
fi

status=0
for name in "${names[@]}"; do
    if [ ! -f "$name.js" ]; then
        echo "regen.sh: no puzzle $name.js" >&2
        status=1
        continue
    fi
    if ! node "$name.js" >"$name.expected.tmp" || ! node "$name.js" >"$name.expected.again"; then
        echo "regen.sh: node failed on $name.js" >&2
        status=1
    elif ! cmp -s "$name.expected.tmp" "$name.expected.again"; then
        echo "regen.sh: $name.js printed different output on two runs:" >&2
        diff "$name.expected.tmp" "$name.expected.again" >&2 || true
        status=1
    else
        mv "$name.expected.tmp" "$name.expected"
        echo "$name: $(wc -l <"$name.expected") lines"
    fi
    rm -f "$name.expected.tmp" "$name.expected.again"
done
exit $status
