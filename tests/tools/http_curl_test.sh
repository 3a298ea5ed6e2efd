#!/usr/bin/env bash
# A real HTTP client (curl) against the real daemon: routes, status codes, HEAD, ETag/304,
# 405 with Allow, bodies refused with 413, HTTP/1.0, connection reuse, suggestions, completion
# and /opensearch.xml (parsed with Python's XML parser), every JSON answer checked with
# Python's json parser.
# Usage: http_curl_test.sh /path/to/charfinder
# Every wait has a deadline; on failure it prints what it got and the daemon log.
set -euo pipefail

binary=${1:?usage: http_curl_test.sh /path/to/charfinder}
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed" >&2; exit 1; }
done

source "$(dirname "$0")/daemon_lib.sh"
work=$(mktemp -d)
cleanup() {
  stop_daemon
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "--- daemon log (last 30 lines) ---" >&2
  tail -n 30 "$work/daemon.log" >&2 || true
  exit 1
}

start_daemon "$binary" "$work/daemon.log"
base="http://$http_address"
curl=(curl -sS --max-time 10)

# expect_status EXPECTED CURL-ARGS...: the status code curl saw.
expect_status() {
  local expected=$1; shift
  local got
  : >"$work/body"  # curl writes nothing for a 304 or HEAD
  got=$("${curl[@]}" -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@") || fail "curl $* failed"
  [[ $got == "$expected" ]] || fail "curl $*: status $got, expected $expected: $(head -c 300 "$work/body")"
}
header() {  # the value of header $1 in the last response
  grep -i "^$1:" "$work/headers" | head -n1 | cut -d: -f2- | sed 's/^ //; s/\r$//'
}
valid_json() {
  python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$work/body" \
    || fail "not valid JSON: $(head -c 300 "$work/body")"
}
body_has() { grep -qF -- "$1" "$work/body" || fail "body lacks '$1': $(head -c 300 "$work/body")"; }

expect_status 200 "$base/healthz"
[[ $(cat "$work/body") == ok ]] || fail "/healthz body: $(cat "$work/body")"
expect_status 200 "$base/readyz"

expect_status 200 --get --data-urlencode 'q=cat face' "$base/api/search"
valid_json
body_has '"code":"U+1F431","char":"🐱","name":"CAT FACE"'
[[ $(header Content-Type) == 'application/json; charset=utf-8' ]] || fail "Content-Type $(header Content-Type)"
[[ $(header X-Content-Type-Options) == nosniff ]] || fail "no nosniff"
[[ $(header Server) == charfinder/* ]] || fail "Server: $(header Server)"
[[ -n $(header Date) ]] || fail "no Date"
etag=$(header ETag)
[[ -n $etag ]] || fail "no ETag on a search answer"

expect_status 304 -H "If-None-Match: $etag" --get --data-urlencode 'q=cat face' "$base/api/search"
[[ ! -s $work/body ]] || fail "304 with a body"

expect_status 200 --get --data-urlencode 'q=cjk' --data-urlencode 'limit=5' "$base/api/search"
valid_json
body_has '"next":"/api/search?q=cjk&offset=5&limit=5"'
[[ $(header Link) == '</api/search?q=cjk&offset=5&limit=5>; rel="next"' ]] || fail "Link: $(header Link)"

expect_status 400 --get --data-urlencode 'q="open' "$base/api/search"
valid_json
body_has '"error"'
expect_status 400 "$base/api/search?q=%FF"
valid_json

expect_status 200 "$base/api/char/U+1F431"
valid_json
body_has '"name":"CAT FACE"'
body_has '"html":"&#x1F431;"'
for code in U+0000 U+D800 U+2028 U+10FFFF; do
  expect_status 200 "$base/api/char/$code"
  valid_json
done
expect_status 404 "$base/api/char/U+110000"
valid_json

# HEAD: the GET's headers, no body.
expect_status 200 -I "$base/api/char/U+1F431"
[[ -n $(header Content-Length) ]] || fail "HEAD without Content-Length"
get_length=$("${curl[@]}" -o /dev/null -w '%{size_download}' "$base/api/char/U+1F431")
[[ $(header Content-Length) == "$get_length" ]] || fail "HEAD Content-Length $(header Content-Length) != GET body $get_length"

expect_status 200 --get --data-urlencode 'q=<script>alert(1)</script>' "$base/"
grep -qF '<script>alert(1)' "$work/body" && fail "the query was echoed unescaped into HTML"
[[ $(header Content-Security-Policy) == *"default-src 'none'"* ]] || fail "no CSP on the page"

expect_status 405 -X DELETE "$base/api/search?q=cat"
[[ $(header Allow) == 'GET, HEAD' ]] || fail "Allow: $(header Allow)"
expect_status 413 --data 'a body' "$base/api/search"
[[ $(header Connection) == close ]] || fail "413 without Connection: close"
expect_status 404 "$base/no/such/page"
expect_status 200 --http1.0 "$base/healthz"
[[ $(header Connection) == close ]] || fail "HTTP/1.0 answer without Connection: close"

# Two requests in one curl run share one connection (keep-alive).
"${curl[@]}" -v -o /dev/null -o /dev/null "$base/healthz" "$base/readyz" 2>"$work/verbose" \
  || fail "curl with two URLs failed"
grep -qi 're-using existing connection' "$work/verbose" || fail "the connection was not reused: $(cat "$work/verbose")"

expect_status 200 "$base/metrics"
[[ $(header Content-Type) == 'text/plain; version=0.0.4; charset=utf-8' ]] || fail "metrics type"
body_has 'charfinder_http_responses_total{code="200"}'
body_has 'charfinder_queries_total{protocol="http"}'

# Issue 10: "did you mean", completion and the OpenSearch description (checked as XML).
expect_status 200 --get --data-urlencode 'q=chess blak' "$base/api/search"
valid_json
body_has '"suggestions":[{"query":"chess black","total":33}]'
expect_status 200 --get --data-urlencode 'q=ches' "$base/api/complete"
valid_json
[[ $(header Content-Type) == 'application/x-suggestions+json; charset=utf-8' ]] || fail "complete type $(header Content-Type)"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a[0]=="ches" and "chess" in a[1] and len(a[1])==len(a[2])==len(a[3])<=10, a' \
  "$work/body" || fail "not an OpenSearch suggestions answer: $(head -c 300 "$work/body")"
expect_status 400 --get --data-urlencode 'q="open' "$base/api/complete"
valid_json
expect_status 200 "$base/opensearch.xml"
[[ $(header Content-Type) == 'application/opensearchdescription+xml; charset=utf-8' ]] || fail "opensearch type $(header Content-Type)"
python3 - "$work/body" "$http_address" <<'PY' || fail "/opensearch.xml: $(head -c 600 "$work/body")"
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
root = doc.documentElement
assert root.tagName == "OpenSearchDescription", root.tagName
assert root.getAttribute("xmlns") == "http://a9.com/-/spec/opensearch/1.1/"
urls = {u.getAttribute("type"): u.getAttribute("template") for u in root.getElementsByTagName("Url")}
base = "http://" + sys.argv[2]
assert urls["text/html"] == base + "/?q={searchTerms}", urls
assert urls["application/x-suggestions+json"] == base + "/api/complete?q={searchTerms}", urls
PY
expect_status 400 -H 'Host: evil"><x y="' "$base/opensearch.xml"
grep -qF 'evil' "$work/body" && fail "a malformed Host reached the answer"
expect_status 200 --get --data-urlencode 'q=chess blak' "$base/"
body_has 'Did you mean: <a href="/?q=chess+black">chess black</a> (33)?'
body_has '<link rel="search" type="application/opensearchdescription+xml"'

kill -TERM "$daemon_pid"
for _ in $(seq 100); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$daemon_pid" 2>/dev/null && fail "the daemon did not exit within 10 s of SIGTERM"
wait "$daemon_pid" || fail "the daemon exited with status $?"
daemon_pid=""
echo "PASS: curl against charfinder at $http_address"
