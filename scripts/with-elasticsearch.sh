#!/usr/bin/env bash
# with-elasticsearch.sh CMD... — run CMD with a real Elasticsearch on loopback.
#
# Fetches the minimal Elasticsearch distribution from Maven Central once
# (org.elasticsearch.distribution.integ-test-zip, cached under
# $GONGKAI_CACHE), runs it on 127.0.0.1:$ES_PORT as single node with a small
# heap and a fresh data folder, exports GONGKAI_ES_URL for CMD, and stops it
# afterwards. Elasticsearch refuses to run as root, so as root it runs as a
# system user made for it.
#
# ES_NODES=N (default 1) starts a cluster of N nodes instead, on HTTP ports
# ES_PORT… and transport ports ES_PORT+100…, each with ES_HEAP of heap
# (default 256m) and the JIT's quick tier only (starts in half the time on
# two cores); GONGKAI_ES_URL then lists every node's address, separated
# by commas, and GONGKAI_ES_PIDS their process ids in the same order, for a
# test that stops a node.
#
# With GONGKAI_ES_URL already set, CMD runs against that cluster. When
# Elasticsearch cannot be had (no Java or Maven), CMD runs without it and the
# Elasticsearch tests skip, unless GONGKAI_REQUIRE_ES=1 makes that a failure.
set -euo pipefail

ES_VERSION=${ES_VERSION:-8.19.7}
ES_PORT=${ES_PORT:-9250}
CACHE=${GONGKAI_CACHE:-$HOME/.cache/gongkai}
# Unpacked outside $HOME: the user Elasticsearch runs as must reach it.
ES_HOME=${ES_HOME:-/var/tmp/gongkai/elasticsearch-$ES_VERSION}

if [ -n "${GONGKAI_ES_URL:-}" ]; then
	exec "$@"
fi

CMD=("$@")
unavailable() {
	echo "with-elasticsearch: $*" >&2
	if [ "${GONGKAI_REQUIRE_ES:-}" = 1 ]; then
		echo "with-elasticsearch: GONGKAI_REQUIRE_ES=1: failing" >&2
		exit 1
	fi
	echo "with-elasticsearch: running without Elasticsearch; its tests will skip" >&2
	if declare -F stop >/dev/null; then
		stop # the nodes that did start
		trap - EXIT
	fi
	exec "${CMD[@]}"
}

command -v java >/dev/null || unavailable "no java on PATH"
if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
	if [ ! -f "$CACHE/elasticsearch-$ES_VERSION.zip" ]; then
		command -v mvn >/dev/null || unavailable "no mvn on PATH to fetch Elasticsearch"
		mkdir -p "$CACHE"
		echo "with-elasticsearch: fetching Elasticsearch $ES_VERSION" >&2
		mvn -q -B dependency:copy \
			-Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
			-DoutputDirectory="$CACHE" || unavailable "could not fetch Elasticsearch $ES_VERSION"
	fi
	rm -rf "$ES_HOME.tmp" && mkdir -p "$ES_HOME.tmp"
	(cd "$ES_HOME.tmp" && unzip -q "$CACHE/elasticsearch-$ES_VERSION.zip")
	mv "$ES_HOME.tmp/elasticsearch-$ES_VERSION" "$ES_HOME" && rm -rf "$ES_HOME.tmp"
fi

JAVA_HOME_GUESS=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
export ES_JAVA_HOME=${ES_JAVA_HOME:-$JAVA_HOME_GUESS}
export ES_JAVA_OPTS=${ES_JAVA_OPTS:-"-Xms512m -Xmx512m"}

DATA=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-es.XXXXXX")
RUN=()
if [ "$(id -u)" = 0 ]; then
	id gongkai-es >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin gongkai-es
	chown -R gongkai-es "$ES_HOME" "$DATA"
	chmod 755 "$DATA"
	RUN=(runuser -u gongkai-es --)
fi

NODES=${ES_NODES:-1}
CLUSTER="gongkai-test-$ES_PORT"
if [ "$NODES" -gt 1 ]; then
	export ES_JAVA_OPTS="-Xms${ES_HEAP:-256m} -Xmx${ES_HEAP:-256m} -XX:TieredStopAtLevel=1"
fi
SEEDS=""
MASTERS=""
for i in $(seq 0 $((NODES - 1))); do
	SEEDS="$SEEDS${SEEDS:+,}127.0.0.1:$((ES_PORT + 100 + i))"
	MASTERS="$MASTERS${MASTERS:+,}node-$i"
done
PIDS=()
for i in $(seq 0 $((NODES - 1))); do
	if [ "$NODES" = 1 ]; then
		DISCOVERY=(-E discovery.type=single-node)
	else
		DISCOVERY=(-E node.name="node-$i" -E transport.port=$((ES_PORT + 100 + i))
			-E discovery.seed_hosts="$SEEDS" -E cluster.initial_master_nodes="$MASTERS")
	fi
	"${RUN[@]}" env ES_JAVA_HOME="$ES_JAVA_HOME" ES_JAVA_OPTS="$ES_JAVA_OPTS" "$ES_HOME/bin/elasticsearch" \
		"${DISCOVERY[@]}" -E network.host=127.0.0.1 -E http.port=$((ES_PORT + i)) \
		-E path.data="$DATA/data-$i" -E path.logs="$DATA/logs-$i" -E xpack.security.enabled=false \
		-E cluster.name="$CLUSTER" -p "$DATA/pid-$i" >"$DATA/stdout-$i.log" 2>&1 &
	PIDS+=($!)
done
stop() {
	kill "${PIDS[@]}" 2>/dev/null || true
	pkill -TERM -u gongkai-es -f "cluster.name=$CLUSTER" 2>/dev/null || true
	wait "${PIDS[@]}" 2>/dev/null || true
	rm -rf "$DATA"
}
trap stop EXIT

URL="http://127.0.0.1:$ES_PORT"
HEALTH="$URL/_cluster/health?wait_for_status=yellow&wait_for_nodes=$NODES&timeout=1s"
for _ in $(seq 180); do
	if curl -fsS "$HEALTH" >/dev/null 2>&1; then
		break
	fi
	for i in "${!PIDS[@]}"; do
		if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
			tail -20 "$DATA/stdout-$i.log" >&2
			unavailable "Elasticsearch exited while starting"
		fi
	done
	sleep 1
done
curl -fsS "$HEALTH" >/dev/null || unavailable "Elasticsearch did not become healthy in 180 s"
echo "with-elasticsearch: Elasticsearch $ES_VERSION up at $URL ($NODES node(s))" >&2

URLS=""
NODE_PIDS=""
for i in $(seq 0 $((NODES - 1))); do
	URLS="$URLS${URLS:+,}http://127.0.0.1:$((ES_PORT + i))"
	NODE_PIDS="$NODE_PIDS${NODE_PIDS:+,}$(cat "$DATA/pid-$i")"
done
GONGKAI_ES_URL=$URLS GONGKAI_ES_PIDS=$NODE_PIDS "$@"
