#!/usr/bin/env bash
# docker-compose.yml mounts this into the postgres container's /docker-entrypoint-initdb.d: it runs
# once, when the container initialises an empty data volume, as the superuser, before the server
# accepts TCP connections. It makes the two roles the subgraphs use (docs/configuration.md,
# Database roles):
#   trial_owner    owns the database: start-up migrations create each subgraph's schema and tables
#                  as it (MIGRATION_DATABASE_URL) and grant trial_service what the servers need
#   trial_service  the role the servers run as (DATABASE_URL): owns nothing, so it cannot disable
#                  or drop the audit trail's triggers (docs/audit-trail.md)
# A volume made before this script existed: run it once by hand (docker compose exec postgres ...).
set -euo pipefail
: "${POSTGRES_OWNER_PASSWORD:?set POSTGRES_OWNER_PASSWORD in .env}"
: "${POSTGRES_SERVICE_PASSWORD:?set POSTGRES_SERVICE_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set owner_password="$POSTGRES_OWNER_PASSWORD" \
  --set service_password="$POSTGRES_SERVICE_PASSWORD" \
  --set db="$POSTGRES_DB" <<'SQL'
CREATE ROLE trial_owner LOGIN PASSWORD :'owner_password' NOSUPERUSER NOCREATEROLE;
CREATE ROLE trial_service LOGIN PASSWORD :'service_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
-- The owner creates the subgraphs' schemas in this database (CREATE on it comes with ownership).
ALTER DATABASE :"db" OWNER TO trial_owner;
SQL
