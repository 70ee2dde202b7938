#!/usr/bin/env bash
# The nightly compliance job, as the GitHub Actions and GitLab CI recipes beside it run it.
# tests/ci/recipe.spec.ts runs this very script against the reference target, so it cannot rot.
#
#   ATTESTA_TARGETS   target profiles, space-separated (none: the embedded reference target)
#   ATTESTA_WAIVERS   the waivers file, kept in the repository (optional)
#   ATTESTA_BASELINE  last night's compliance-report.json (optional: absent on the first night)
#   ATTESTA_REPORT    the report folder to write (default: reports/nightly)
#   ATTESTA_SIGN_KEY  env:NAME of the key that signs the manifest (optional; the secret itself
#                     comes from the CI's secret store into that variable)
#   ATTESTA_GATE      "compliance" (default): the job fails on any FAIL, as `attesta run` exits;
#                     "regressions": it fails only on what got worse since the baseline, while the
#                     report still lists every FAIL
set -uo pipefail

report="${ATTESTA_REPORT:-reports/nightly}"
args=(run --out "$report" --quiet)
for target in ${ATTESTA_TARGETS:-}; do args+=(--target "$target"); done
[ -n "${ATTESTA_WAIVERS:-}" ] && args+=(--waivers "$ATTESTA_WAIVERS")
[ -n "${ATTESTA_BASELINE:-}" ] && [ -f "$ATTESTA_BASELINE" ] && args+=(--baseline "$ATTESTA_BASELINE")
[ -n "${ATTESTA_SIGN_KEY:-}" ] && args+=(--sign-key "$ATTESTA_SIGN_KEY")

npx attesta "${args[@]}"
status=$?
# A configuration error (2) or an interrupted start (130) fails the job whatever the gate.
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ] && [ "$status" -ne 3 ]; then exit "$status"; fi

# The pack must verify before anyone relies on it.
npx attesta verify "$report" || exit 1

if [ "${ATTESTA_GATE:-compliance}" = regressions ] && [ -n "${ATTESTA_BASELINE:-}" ] && [ -f "$ATTESTA_BASELINE" ]; then
  npx attesta diff "$ATTESTA_BASELINE" "$report/compliance-report.json"
  exit $?
fi
exit "$status"
