#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/
# (ignored by git), from what the repository already holds: the golden
# scenarios, the presets, the frozen permalinks, the permalink scenarios and
# the hostile corpus (tests/hostile/), each scenario also as its permalink.
# Seeds are named by their content's hash, so running it again adds nothing
# twice and keeps what fuzzing has found.
#
#   fuzz/seed.sh [CORSIM_BINARY]   (default: target/debug/corsim, built if missing)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CORSIM="${1:-$ROOT/target/debug/corsim}"
[ -x "$CORSIM" ] || cargo build --quiet --bin corsim

# seed TARGET: standard input, byte for byte (NUL bytes too), as one seed.
seed() {
    local dir="fuzz/corpus/$1" tmp
    mkdir -p "$dir"
    tmp="$(mktemp "$dir/.seed.XXXXXX")"
    cat >"$tmp"
    if [ -s "$tmp" ]; then
        mv "$tmp" "$dir/seed-$(sha1sum <"$tmp" | cut -c1-16)"
    else
        rm -f "$tmp"
    fi
}

scenarios=()
for file in tests/golden/*.json tests/golden-v2/*.json crates/app/src/presets/*.json tests/permalinks/*.json tests/hostile/*.json \
    tests/contract-example.scenario.json tests/contract-example-v2.scenario.json; do
    case "$file" in *.verdict.json) continue ;; esac
    [ -f "$file" ] && scenarios+=("$file")
done

count=0
for file in "${scenarios[@]}"; do
    # Seeds are small: a hostile file of a megabyte would only slow fuzzing.
    [ "$(wc -c <"$file")" -le 65536 ] || continue
    seed scenario <"$file"
    seed evaluate <"$file"
    # Its permalink, when it is a valid scenario.
    if link="$("$CORSIM" link --base x "$file" 2>/dev/null)"; then
        printf '%s' "${link#x#}" | seed permalink
        printf '%s' "${link#x#}" | seed evaluate
    fi
    count=$((count + 1))
done

# The frozen links and the hostile ones, working or not.
links=0
fragments=()
while IFS= read -r line; do
    case "$line" in
        "link: "*) fragment="${line#link: }" ;;
        *) continue ;;
    esac
    fragment="${fragment#*#}"
    printf '%s' "$fragment" | seed permalink
    printf '%s' "$fragment" | seed evaluate
    case "$fragment" in *"&end") fragments+=("$fragment") ;; esac
    links=$((links + 1))
done < <(cat tests/permalinks/frozen.txt tests/hostile/links.txt 2>/dev/null)

# A course link (crates/app/src/course.rs): a title, then scenarios' links one after another.
if [ ${#fragments[@]} -ge 2 ]; then
    printf 'course=1&t=Week+1&%s&%s' "${fragments[0]}" "${fragments[1]}" | seed permalink
    printf 'course=1&%s' "${fragments[1]}" | seed evaluate
fi

echo "fuzz/seed.sh: $count scenario files and $links links seeded into fuzz/corpus/{scenario,permalink,evaluate}"
