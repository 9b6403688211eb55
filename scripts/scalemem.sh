#!/bin/bash
# scalemem.sh BIN TAG CORPUS: the memory and time of archivist on a corpus,
# as docs/SCALING.md reports them. It copies CORPUS to /tmp/corpus-TAG,
# indexes it from nothing into /tmp/ix-TAG, asks one question three times,
# adds one small file and indexes again, each under /usr/bin/time -v, and
# writes the outputs and timings to ${OUT:-/tmp/scalemem}/TAG, with a
# summary (wall time, peak resident kB) in TAG/summary.
set -eu
BIN=$1 TAG=$2 CORPUS=$3
OUT=${OUT:-/tmp/scalemem}/$TAG
IX=/tmp/ix-$TAG C=/tmp/corpus-$TAG
mkdir -p "$OUT"
rm -rf "$IX" "$C"
cp -r "$CORPUS" "$C"
export EMBEDDER=${EMBEDDER:-hash}
Q="Which wildly popular show was recently green lit for a new season?"
uptime > "$OUT/uptime-start"
/usr/bin/time -v "$BIN" index --corpus "$C" --index "$IX" --json > "$OUT/index.json" 2> "$OUT/index.time"
for i in 1 2 3; do
	/usr/bin/time -v "$BIN" ask --corpus "$C" --index "$IX" --json "$Q" > "$OUT/ask$i.json" 2> "$OUT/ask$i.time"
done
printf '# A new note\n\nThe archive gained one small file about a squid game sequel premiere in Seoul.\n' > "$C/added-note.md"
/usr/bin/time -v "$BIN" index --corpus "$C" --index "$IX" --json > "$OUT/update.json" 2> "$OUT/update.time"
uptime > "$OUT/uptime-end"
for f in "$OUT"/*.time; do
	echo "$(basename "$f" .time) $(grep -E 'Elapsed|Maximum resident' "$f" | awk -F': ' '{printf "%s ", $2}')"
done > "$OUT/summary"
cat "$OUT/summary"
