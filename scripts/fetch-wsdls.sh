#!/usr/bin/env bash
# Fetch real vendor WSDLs (not in ../shared/corpus) for tests/wsdl/test_vendor.py and
# `python -m tests.wsdl.corpus DIR`. They come from registry packages that bundle them (pinned),
# so only PyPI and the npm registry are used:
#   PyPI bingads 13.0.30.1            Microsoft Advertising API v13: 6 services, inline schemas,
#                                     SOAP 1.1 + WS-Policy (the production proxies, .xml -> .wsdl)
#   PyPI onvif-zeep-async 4.3.0       ONVIF device/media/PTZ/events/...: 20 WSDLs, doc/literal,
#                                     SOAP 1.2, xsd:import of local XSDs, WS-Addressing, wsnt
#   PyPI fedex 2.4.1                  FedEx Web Services (rate, ship, track, ...): 10 WSDLs
#   PyPI python-ups 0.0.4             UPS Rating: WSDL + xsd:import of 4 local XSDs, soap:header
#   npm  salesforce-wsdl-consumer 0.0.13  Salesforce Metadata API 47.0 (one 760 KB WSDL)
# The files are third-party, so they are not committed.
#
# Usage: scripts/fetch-wsdls.sh [DIR]   (default: $SPEC2CONNECTOR_VENDOR_WSDLS or
#        /tmp/spec2connector-vendor-wsdls), then: .venv/bin/python -m tests.wsdl.corpus DIR
set -euo pipefail

dest="${1:-${SPEC2CONNECTOR_VENDOR_WSDLS:-/tmp/spec2connector-vendor-wsdls}}"
here="$(cd "$(dirname "$0")/.." && pwd)"
pip="${PIP:-$here/.venv/bin/pip}"
[ -x "$pip" ] || pip="pip"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"

pypi() {  # name==version: download without dependencies, unpack into $work/NAME
  local name="${1%%==*}"
  "$pip" download --quiet --no-deps "$1" -d "$work/dl-$name" >/dev/null
  mkdir -p "$work/$name"
  local f
  for f in "$work/dl-$name"/*; do
    case "$f" in
      *.whl) (cd "$work/$name" && python3 -m zipfile -e "$f" .) ;;
      *.tar.gz) tar -xzf "$f" -C "$work/$name" --strip-components=1 ;;
    esac
  done
}

pypi bingads==13.0.30.1
mkdir -p "$dest/bingads"
for f in "$work"/bingads/bingads/v13/proxies/production/*_service.xml; do
  cp "$f" "$dest/bingads/$(basename "${f%.xml}").wsdl"
done

pypi onvif-zeep-async==4.3.0
rm -rf "$dest/onvif"
cp -r "$work/onvif-zeep-async/onvif/wsdl" "$dest/onvif"
rm -f "$dest/onvif/__init__.py"

pypi fedex==2.4.1
mkdir -p "$dest/fedex"
cp "$work"/fedex/fedex/wsdl/*.wsdl "$dest/fedex/"

pypi python-ups==0.0.4
rm -rf "$dest/ups"
cp -r "$work/python-ups/ups/wsdl" "$dest/ups"

(cd "$work" && npm pack --silent salesforce-wsdl-consumer@0.0.13 >/dev/null)
tar -xzf "$work"/salesforce-wsdl-consumer-0.0.13.tgz -C "$work" \
  package/resources/wsdl/metadata/47.xml
mkdir -p "$dest/salesforce"
cp "$work/package/resources/wsdl/metadata/47.xml" "$dest/salesforce/metadata-47.wsdl"

find "$dest" -name '*.wsdl' | sort
