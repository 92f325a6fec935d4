#!/bin/sh
# Counts each module's public declarations: lines of Swift source whose declaration is marked
# `public` or `open` (after any attributes: `@inlinable public func`, `public private(set)
# var`, `public static let`, `public init`, `public enum`, `public extension`, …). A grep,
# not a parser: one declaration a line is the house style. Usage, from the repository root:
#   .ci/public-surface.sh [REVISION]    (default: the work tree)
# prints one `module count` line per module, in dependency order.
set -eu
rev=${1:-}
pattern='^[[:space:]]*(@[A-Za-z]+(\([^)]*\))?[[:space:]]+)*(public|open)([[:space:]]|\()'
for module in LuaBridge QueryEngine PolicyData Scripting REPL; do
    if [ -n "$rev" ]; then
        n=$(git grep -h -E "$pattern" "$rev" -- "Sources/$module/*.swift" | wc -l)
    else
        n=$(git grep -h -E --untracked "$pattern" -- "Sources/$module/*.swift" | wc -l)
    fi
    echo "$module $n"
done
