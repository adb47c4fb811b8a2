#!/usr/bin/env bash
# Every npm script runs through here: provision Node >= 22.12, install packages when needed,
# make sure Chromium is there for what needs it, then run the task.
#   serve    dev server with live reload on http://127.0.0.1:4321
#   test     every test: unit, build, budgets, Lighthouse, browser (links, axe, CSP and the rest; the
#            README's test command)
#   build | preview | unit | browser | check | lint | budgets | lighthouse | bench
#   lab      a lab against real servers (labs/run.ts): npm run lab -- --list | <name> [--short]
#   pack     npm pack's prepack: models/ compiled to JavaScript in lib/ (tsconfig.pack.json) for the tarball
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LB_ROOT"
task="${1:-}"
shift || true

case "$task" in
  serve)
    lb_install && lb_chromium
    exec npx astro dev --host 127.0.0.1 "$@"
    ;;
  build)
    lb_install && lb_chromium
    exec npx astro build "$@"
    ;;
  preview)
    lb_install
    exec npx astro preview --host 127.0.0.1 "$@"
    ;;
  unit)
    lb_install && lb_servers
    exec npx vitest run --project unit "$@"
    ;;
  browser)
    lb_install && lb_chromium
    exec npx vitest run --project browser "$@"
    ;;
  check)
    lb_install
    npx astro check --minimumSeverity warning
    ;;
  lint)
    lb_install
    # Typed rules need Astro's generated types (astro:content) in .astro/, absent from a fresh clone.
    npx astro sync >/dev/null
    npx eslint . --max-warnings 0 "$@"
    # Formatting: Prettier (with the Astro plugin) over every source file (.prettierignore says what not).
    npx prettier --check . --log-level warn ||
      { echo "lint: the files above are not formatted; run npm run format (prettier --write .) and commit" >&2; exit 1; }
    ;;
  format)
    lb_install
    exec npx prettier --write . --log-level warn "$@"
    ;;
  budgets)
    lb_install
    exec node scripts/budgets.ts "$@"
    ;;
  lighthouse)
    lb_install && lb_chromium
    exec node scripts/lighthouse.ts "$@"
    ;;
  bench)
    lb_install
    exec node --expose-gc scripts/bench.ts "$@"
    ;;
  lab)
    # Redis and PostgreSQL, started by the lab itself on 127.0.0.1 (labs/lib/servers.ts)
    lb_install && lb_servers
    exec node labs/run.ts "$@"
    ;;
  test)
    lb_install && lb_chromium && lb_servers
    npx vitest run --project unit
    start=$(date +%s)
    npx astro build
    build_seconds=$(($(date +%s) - start))
    echo "build took ${build_seconds} s" >&2
    LB_BUILD_SECONDS=$build_seconds node scripts/budgets.ts
    # Lighthouse on the home page and each case study, desktop and the calibrated mobile preset (mobile on
    # the pages that reach 95 reliably: scripts/lighthouse.ts MOBILE_NOT_YET): every category >= 95, nothing off-site.
    start=$(date +%s)
    node scripts/lighthouse.ts
    echo "lighthouse took $(($(date +%s) - start)) s" >&2
    # Browser project: internal links and anchors, axe-core in both themes, the CSP, and the reader tests.
    npx vitest run --project browser
    ;;
  pack)
    # `npm pack` runs this first (package.json "prepack"), and "postpack" removes lib/ again: the tarball's
    # command runs the compiled models on any Node >= 18 (bin/loadbearing.js); a checkout runs the sources.
    lb_install
    rm -rf lib
    exec npx tsc -p tsconfig.pack.json
    ;;
  capacity-diff)
    # Published numbers that changed between two commits (scripts/capacity-diff.ts): <commitA> [<commitB>]
    lb_install
    exec node scripts/capacity-diff.ts "$@"
    ;;
  new-case-study)
    # Scaffold case-studies/<slug>.mdx (scripts/new-case-study.ts)
    lb_install
    exec node scripts/new-case-study.ts "$@"
    ;;
  new-model)
    # Scaffold models/<area>/<id>.ts and its test (scripts/new-model.ts)
    lb_install
    exec node scripts/new-model.ts "$@"
    ;;
  *)
    echo "usage: bash scripts/task.sh serve|test|build|preview|unit|browser|check|lint|budgets|bench|lab|pack|capacity-diff|new-case-study|new-model" >&2
    exit 2
    ;;
esac
