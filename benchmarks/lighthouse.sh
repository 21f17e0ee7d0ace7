#!/usr/bin/env bash
# Lighthouse (mobile profile, the default) on public pages of a running Talapker, with
# Debian's chromium: prints the performance, accessibility and best-practices scores.
#   bash benchmarks/lighthouse.sh [BASE_URL] [PATH ...]
# Default: the demo at http://127.0.0.1:8000 (start it with `talapker demo`), the fund's and
# the election's finance pages in Kyrgyz. Lighthouse is installed with npm into a temporary
# folder (the npm registry is the only network it needs); nothing is added to the project.
set -euo pipefail
base="${1:-http://127.0.0.1:8000}"
shift || true
paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then
  paths=(
    "/ky/elections/jk-2026/parties/ata-jurt/finance/"
    "/ky/elections/jk-2026/finance/"
    "/ky/elections/jk-2026/finance/?name=асанов"
    "/ky/elections/jk-2026/findings/"
  )
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --silent lighthouse@12 >/dev/null)
for path in "${paths[@]}"; do
  rm -f "$work/report.json"
  CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}" "$work/node_modules/.bin/lighthouse" \
    "$base$path" --quiet --chrome-flags="--headless=new --no-sandbox" \
    --only-categories=performance,accessibility,best-practices \
    --output=json --output-path="$work/report.json" >"$work/log" 2>&1 \
    || grep -q '"categories"' "$work/report.json" 2>/dev/null \
    || { cat "$work/log"; exit 1; }  # it may fail to remove chromium's profile at the end
  python3 - "$path" "$work/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[2]))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
weight = report["audits"]["total-byte-weight"]["numericValue"]
print(f"{sys.argv[1]:48} {scores}  {weight / 1024:.0f} KB over the wire")
PY
done
