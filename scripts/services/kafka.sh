#!/usr/bin/env bash
# Ensures a local single-node Apache Kafka broker (KRaft: broker + controller in one process) for
# tests and CI. The broker comes from Maven Central (org.apache.kafka:kafka_2.13), the only place
# these machines can fetch it from. Idempotent: reuses a running broker. Prints the bootstrap
# address last (KAFKA_BROKERS). `kafka.sh stop` stops the broker this script started.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=${KAFKA_VERSION:-3.9.1}
DIR=${KAFKA_DIR:-$ROOT/.tmp/kafka}
# The broker's jars, shared by every broker this script starts (a suite may start one of its own).
LIBS=${KAFKA_LIBS_DIR:-$ROOT/.tmp/kafka/libs}
PORT=${KAFKA_PORT:-19092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ "${1:-}" = "stop" ]; then
  if [ -f "$DIR/kafka.pid" ] && kill "$(cat "$DIR/kafka.pid")" 2>/dev/null; then
    for _ in $(seq 1 30); do kill -0 "$(cat "$DIR/kafka.pid")" 2>/dev/null || break; sleep 1; done
    echo "kafka: stopped" >&2
  fi
  rm -f "$DIR/kafka.pid"
  exit 0
fi

if listening "$PORT"; then echo "127.0.0.1:$PORT"; exit 0; fi
mkdir -p "$DIR"

if [ ! -f "$LIBS/.version-$VERSION-2" ]; then
  echo "kafka: fetching Apache Kafka $VERSION from Maven Central..." >&2
  cat > "$DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.trial-supergraph</groupId><artifactId>kafka-broker</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$VERSION</version></dependency>
    <!-- the binary distribution's logging binding; without it the broker logs nothing -->
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
  rm -rf "$LIBS"
  mkdir -p "$LIBS"
  mvn -q -f "$DIR/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIBS" >&2
  touch "$LIBS/.version-$VERSION-2"
fi

cat > "$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DIR/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
cat > "$DIR/log4j.properties" <<'LOG'
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${kafka.logs.dir}/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.KafkaRaftServer=INFO
LOG

CP="$LIBS/*"
JAVA_OPTS=(-Xms256m -Xmx512m -XX:+UseG1GC -Dkafka.logs.dir="$DIR" -Dlog4j.configuration="file:$DIR/log4j.properties")
if [ ! -f "$DIR/data/meta.properties" ]; then
  cluster_id=$(java "${JAVA_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool random-uuid)
  java "${JAVA_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool format -t "$cluster_id" -c "$DIR/server.properties" >&2
fi

echo "kafka: starting broker on 127.0.0.1:$PORT (KRaft, log in $DIR/server.log)" >&2
# Its own session, no inherited descriptors: the broker outlives this script without holding the
# caller's terminal or pipes open.
setsid nohup java "${JAVA_OPTS[@]}" -cp "$CP" kafka.Kafka "$DIR/server.properties" < /dev/null > "$DIR/stdout.log" 2>&1 &
echo $! > "$DIR/kafka.pid"
for _ in $(seq 1 90); do
  if listening "$PORT"; then echo "127.0.0.1:$PORT"; exit 0; fi
  if ! kill -0 "$(cat "$DIR/kafka.pid")" 2>/dev/null; then echo "kafka: broker exited; see $DIR/stdout.log" >&2; tail -20 "$DIR/stdout.log" >&2; exit 1; fi
  sleep 1
done
echo "kafka: broker did not listen on $PORT within 90 s" >&2
exit 1
