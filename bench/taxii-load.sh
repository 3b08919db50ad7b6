#!/usr/bin/env bash
# TAXII load test on loopback: a node holding N objects, wrk against GET objects/?limit=100 (and optionally POST).
#   bench/taxii-load.sh [N] [DURATION]        e.g. bench/taxii-load.sh 1000000 30s
# Needs wrk (Debian package 'wrk'); builds the jars when missing. Prints wrk's report with latency percentiles.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-100}"
duration="${2:-20s}"
threads="${WRK_THREADS:-1}"
connections="${WRK_CONNECTIONS:-16}"
port="${PORT:-9551}"
command -v wrk >/dev/null || { echo "taxii-load: wrk is missing (apt-get install wrk)" >&2; exit 2; }
cd "$here"
[ -f bench/target/benchmarks.jar ] && [ -f cli/target/accord.jar ] || ./mvnw -q -B -DskipTests package -pl bench,cli -am

work="$(mktemp -d)"
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
password="load-test-password"
hash="$(printf '%s\n' "$password" | java -jar cli/target/accord.jar passwd)"
cat > "$work/accord.yaml" <<YAML
name: load
port: $port
data_dir: $work/data
taxii:
  max_page_size: 1000
  users:
    - name: load
      password_hash: "$hash"
      collections:
        "*": {read: true, write: true}
YAML

echo "taxii-load: generating and importing $n objects..." >&2
java -cp bench/target/benchmarks.jar org.accord.bench.Generate "$n" > "$work/objects.jsonl"
start=$(date +%s.%N)
java -jar cli/target/accord.jar import -q --config "$work/accord.yaml" "$work/objects.jsonl"
end=$(date +%s.%N)
echo "taxii-load: import took $(echo "$end - $start" | bc) s" >&2

ACCORD_LOG_LEVEL=WARN java ${SERVER_JAVA_OPTS:--Xmx2g} -jar cli/target/accord.jar serve --config "$work/accord.yaml" &
server=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/taxii2/" && break
  sleep 0.2
done
auth="Authorization: Basic $(printf 'load:%s' "$password" | base64)"
accept="Accept: application/taxii+json;version=2.1"
url="http://127.0.0.1:$port/accord/collections/$(curl -s -H "$auth" -H "$accept" "http://127.0.0.1:$port/accord/collections/" | sed -E 's/.*"id":"([^"]+)".*/\1/')/objects/?limit=100"
echo "taxii-load: GET $url" >&2
curl -s -H "$auth" -H "$accept" "$url" | head -c 300 || true; echo
# warm-up, then the measured run
wrk -t"$threads" -c"$connections" -d5s -H "$auth" -H "$accept" "$url" >/dev/null
wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "$auth" -H "$accept" "$url"

# POST ingest: distinct objects from client threads, counted from the status resources the server returns.
if [ "${POST_ENVELOPES:-100}" -gt 0 ]; then
  echo "taxii-load: POST ingest..." >&2
  java -Xmx2g -cp bench/target/benchmarks.jar org.accord.bench.PostLoad "${url%\?limit=100}" load "$password" \
    "${POST_THREADS:-2}" "${POST_ENVELOPES:-100}" "${POST_OBJECTS:-1000}"
fi
