#!/usr/bin/env bash
# Writes the HTTP fuzz target's seed corpus into DIR: valid and invalid requests taken from the HTTP test
# suites (RequestHeadParserTests, RequestHeadParserLimitTests, ChunkedDecoderTests), one file each.
# Called by scripts/fuzz; deterministic, so re-running it rewrites the same files.
set -euo pipefail
dir=${1:?usage: make-http-seeds.sh DIR}
mkdir -p "$dir"
n=0
seed() { # seed NAME PRINTF-FORMAT — the format's escapes (\r \n \xHH) are expanded by printf
    n=$((n + 1))
    # shellcheck disable=SC2059 # the format is the seed itself
    printf "$2" >"$dir/$(printf '%02d' "$n")-$1"
}

# Valid requests
seed get-minimal 'GET / HTTP/1.1\r\nHost: a\r\n\r\n'
seed get-query 'PUT /v1/items/a%%2Fb/c%%20d?kind=file&x=1+2&flag HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a:  2 \r\nContent-Length: 3\r\n\r\nabc'
seed pipelined 'GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'
seed bare-lf '\r\n\nGET /x HTTP/1.1\nHost: a\n\n'
seed http10-keepalive 'GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n'
seed expect-continue 'PUT /v1/namespaces/1/backups/upload HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello'
seed absolute-form 'GET http://example.com:8080/a/b?q=1 HTTP/1.1\r\nHost: a\r\n\r\n'
seed asterisk 'OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n'
seed length-list 'PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n12345'
seed latin1-value 'GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\xe9\r\nX-Utf8: caf\xc3\xa9\r\n\r\n'
seed chunked 'POST /v1/items HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n'
seed chunked-ext 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n3 ;name="a b";flag\r\nabc\r\n0;last\r\n\r\n'
seed chunked-trailers 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n'
seed chunked-bare-lf 'POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n4\nwiki\n0\n\n'
seed version-17 'GET / HTTP/1.7\r\nHost: a\r\n\r\n'

# Invalid requests
seed double-space 'GET  / HTTP/1.1\r\nHost: a\r\n\r\n'
seed bad-method 'G(T / HTTP/1.1\r\nHost: a\r\n\r\n'
seed bad-version 'GET / HTTP/1.10\r\nHost: a\r\n\r\n'
seed http2 'GET / HTTP/2.0\r\nHost: a\r\n\r\n'
seed relative-target 'GET a/b HTTP/1.1\r\nHost: a\r\n\r\n'
seed fragment 'GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n'
seed bad-escape 'GET /a%%zz?x=%%G1 HTTP/1.1\r\nHost: a\r\n\r\n'
seed invalid-utf8-escape 'GET /a%%FF HTTP/1.1\r\nHost: a\r\n\r\n'
seed no-host 'GET / HTTP/1.1\r\n\r\n'
seed two-hosts 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'
seed bad-field-name 'GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\nName : x\r\n\r\n'
seed nul-in-value 'GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n'
seed folding 'GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n folded\r\n\r\n'
seed conflicting-length 'PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n'
seed huge-length 'PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 1234567890123456789\r\n\r\n'
seed length-and-chunked 'PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n'
seed gzip-chunked 'PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n'
seed chunked-twice 'PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n'
seed chunked-http10 'PUT / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n'
seed chunk-bad-hex 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'
seed chunk-overrun 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n'
seed chunk-too-large 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n'
seed many-headers "GET / HTTP/1.1\\r\\nHost: a\\r\\n$(for i in $(seq 1 30); do printf 'X-%d: %d\\r\\n' "$i" "$i"; done)\\r\\n"
seed long-line "GET /$(printf 'a%.0s' $(seq 1 600)) HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n"
echo "$n"
