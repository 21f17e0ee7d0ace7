# Sourced by scripts/test, scripts/demo and .ci/run: installs what the project needs on a
# fresh Debian machine (Python packages with uv; Debian's chromium, gettext, fonts and
# tesseract with its Kyrgyz, Russian and English data;
# axe-core from npm for the accessibility tests). Safe to run again: it skips what is there.
export UV_PYTHON_DOWNLOADS=never
export UV_LINK_MODE=copy

_apt() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$@" >/dev/null
}

install_python() {
  command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
  # The bench group too (Datasette, DuckDB): tests/test_benchmarks.py runs the load
  # benchmark against Datasette, whose SQL reads our tables and would break unseen.
  uv sync --locked --group bench --quiet
}

install_system() {
  local need=()
  command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
  # OCR of signed scans (filings/scantext.py): tesseract with Kyrgyz, Russian and English data.
  command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
  local language
  for language in kir rus eng; do
    [ -f "/usr/share/tesseract-ocr/5/tessdata/$language.traineddata" ] || need+=("tesseract-ocr-$language")
  done
  [ "${1:-}" = "browser" ] && { [ -x /usr/bin/chromium ] || need+=(chromium); }
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing Debian packages: ${need[*]}"
    _apt "${need[@]}"
  fi
}

install_axe() {
  if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

install_all() {
  install_system browser
  install_python
  install_axe
}
