#!/usr/bin/env bash
# Server CPU per TAXII request: utime+stime of the node process (from /proc) over a 15 s wrk run, divided by the
# requests served. Less sensitive to other load than requests/s.
#   bench/taxii-cpu-per-request.sh [N]   LIMIT=1|10|100 (default 100); DISCOVERY=1 measures GET /taxii2/ instead
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-1000}; port=9561
work=$(mktemp -d); password=load-test-password
hash="$(printf '%s\n' "$password" | java -jar cli/target/accord.jar passwd)"
cat > $work/accord.yaml <<YAML
name: load
port: $port
data_dir: $work/data
taxii:
  users:
    - name: load
      password_hash: "$hash"
      collections:
        "*": {read: true, write: true}
YAML
java -cp bench/target/benchmarks.jar org.accord.bench.Generate "$n" > "$work/objects.jsonl"
java -jar cli/target/accord.jar import -q --config "$work/accord.yaml" "$work/objects.jsonl" 2>/dev/null
ACCORD_LOG_LEVEL=WARN java -Xmx2g ${JOPTS:-} -jar cli/target/accord.jar serve --config "$work/accord.yaml" 2>/dev/null &
server=$!
trap 'kill $server; rm -rf $work' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/taxii2/" && break; sleep 0.2; done
auth="Authorization: Basic $(printf 'load:%s' "$password" | base64)"
accept="Accept: application/taxii+json;version=2.1"
url="http://127.0.0.1:$port/accord/collections/$(curl -s -H "$auth" -H "$accept" "http://127.0.0.1:$port/accord/collections/" | sed -E 's/.*"id":"([^"]+)".*/\1/')/objects/?limit=${LIMIT:-100}"
[ -n "${DISCOVERY:-}" ] && url="http://127.0.0.1:$port/taxii2/"
wrk -t1 -c8 -d8s -H "$auth" -H "$accept" "$url" > /dev/null
# utime + stime in clock ticks (10 ms each on Linux)
ticks() { awk '{print $14+$15}' /proc/$server/stat; }
t0=$(ticks)
out=$(wrk -t1 -c8 -d15s --latency -H "$auth" -H "$accept" "$url")
t1=$(ticks)
reqs=$(echo "$out" | awk '/requests in/ {print $1}')
echo "$out" | grep -E "Requests/sec|99%|50%"
echo "server CPU: $(( (t1-t0)*10 )) ms for $reqs requests = $(echo "scale=3; ($t1-$t0)*10/$reqs" | bc) ms/request"
