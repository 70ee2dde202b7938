#!/usr/bin/env bash
# The self-tests run real servers, tools and a real browser: Debian's nginx (TLS/mTLS interop),
# openssl (keys, CSRs and certificates made by a third party), chromium (the HTML report must
# load with no network request, and print) and poppler-utils (to count and read the printed
# pages). Installs whatever is missing.
set -euo pipefail
missing=()
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/pdfinfo ] && [ -x /usr/bin/pdftotext ] || missing+=(poppler-utils)
command -v openssl >/dev/null || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "The tests need these Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "Installing ${missing[*]} for the tests..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
