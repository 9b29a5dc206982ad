#!/usr/bin/env bash
# Ensures a local PostgreSQL server for tests and CI: installs Debian's postgresql if missing,
# starts the cluster, and creates the test role and database. Idempotent. Prints the URL last.
# Credentials are for a throw-away local test database only (override with TEST_PG_PASSWORD).
set -euo pipefail
ROLE=${TEST_PG_ROLE:-trial}
PASSWORD=${TEST_PG_PASSWORD:-trial}
DB=${TEST_PG_DATABASE:-trial_test}
PORT=${TEST_PG_PORT:-5432}

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "postgres: installing Debian's postgresql package..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
fi

cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2" "$4}')
if [ -z "$cluster" ]; then
  echo "postgres: no cluster found; creating one" >&2
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_createcluster "$version" main >&2
  cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2" "$4}')
fi
read -r version name status <<<"$cluster"
if [ "$status" != "online" ]; then
  echo "postgres: starting cluster $version/$name" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >&2
fi
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -p $PORT" && break
  sleep 1
done

psql_admin() { su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
if [ "$(psql_admin "select 1 from pg_roles where rolname = '$ROLE'")" != "1" ]; then
  psql_admin "create role $ROLE login password '$PASSWORD' createdb" >&2
fi
if [ "$(psql_admin "select 1 from pg_database where datname = '$DB'")" != "1" ]; then
  su postgres -c "createdb -p $PORT -O $ROLE $DB" >&2
fi
echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
