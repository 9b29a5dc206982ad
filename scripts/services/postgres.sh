#!/usr/bin/env bash
# Ensures a local PostgreSQL server for tests and CI: installs Debian's postgresql if missing,
# starts the cluster, and creates the test database with its two roles. Idempotent. Prints, last,
# what the tests need as KEY=value lines:
#   TEST_DATABASE_URL          the owner role: owns the database, creates each subgraph's schema
#                              and runs its migrations (and the tests' own set-up and clean-up)
#   TEST_SERVICE_DATABASE_URL  the service role the servers run as: owns nothing; the migrations
#                              grant it what it needs in each schema (subgraph-runtime/database/serviceRoleGrants.ts)
# Credentials are for a throw-away local test database only (override with TEST_PG_PASSWORD and
# TEST_PG_SERVICE_PASSWORD).
set -euo pipefail
ROLE=${TEST_PG_ROLE:-trial}
PASSWORD=${TEST_PG_PASSWORD:-trial}
SERVICE_ROLE=${TEST_PG_SERVICE_ROLE:-trial_service}
SERVICE_PASSWORD=${TEST_PG_SERVICE_PASSWORD:-trial_service}
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
role_exists() { [ "$(psql_admin "select 1 from pg_roles where rolname = '$1'")" = "1" ]; }
if ! role_exists "$ROLE"; then
  psql_admin "create role $ROLE login password '$PASSWORD' createdb" >&2
fi
# The tests watch the servers' statements in pg_stat_activity (deadline cancellation), which shows
# another role's statements only to members of pg_read_all_stats.
if [ "$(psql_admin "select pg_has_role('$ROLE', 'pg_read_all_stats', 'member')::int")" != "1" ]; then
  psql_admin "grant pg_read_all_stats to $ROLE" >&2
fi
if ! role_exists "$SERVICE_ROLE"; then
  psql_admin "create role $SERVICE_ROLE login password '$SERVICE_PASSWORD' nosuperuser nocreatedb nocreaterole" >&2
fi
if [ "$(psql_admin "select 1 from pg_database where datname = '$DB'")" != "1" ]; then
  su postgres -c "createdb -p $PORT -O $ROLE $DB" >&2
fi
echo "TEST_DATABASE_URL=postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
echo "TEST_SERVICE_DATABASE_URL=postgresql://$SERVICE_ROLE:$SERVICE_PASSWORD@127.0.0.1:$PORT/$DB"
