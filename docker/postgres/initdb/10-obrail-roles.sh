#!/usr/bin/env bash
# Run once by the postgres image when its data volume is empty (/docker-entrypoint-initdb.d),
# as the superuser, before the server accepts outside connections.
#
# Creates the warehouse's roles with the passwords given in the environment (docker-compose.yml
# takes them from .env, each required):
#   obrail          owner of the `obrail` database: migrations, ETL, quality results, backups
#   obrail_api      read-only, the API (SELECT on the `api` views, granted by the migrations)
#   obrail_bi       read-only, Metabase (same views; slow analyst queries are cut at 60 s)
#   obrail_monitor  postgres_exporter (pg_monitor: statistics, no data)
# None of them is a superuser or may create roles. Passwords reach SQL as psql variables
# (:'name' quotes them), never through the shell.
set -euo pipefail

: "${POSTGRES_DB:?}" "${POSTGRES_USER:?}"
: "${POSTGRES_OBRAIL_PASSWORD:?set the owner role password}"
: "${POSTGRES_OBRAIL_API_PASSWORD:?set the obrail_api role password}"
: "${POSTGRES_OBRAIL_BI_PASSWORD:?set the obrail_bi role password}"
: "${POSTGRES_MONITOR_PASSWORD:?set the obrail_monitor role password}"

psql --no-psqlrc --set=ON_ERROR_STOP=1 --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" \
    --set=db="$POSTGRES_DB" \
    --set=owner_password="$POSTGRES_OBRAIL_PASSWORD" \
    --set=api_password="$POSTGRES_OBRAIL_API_PASSWORD" \
    --set=bi_password="$POSTGRES_OBRAIL_BI_PASSWORD" \
    --set=monitor_password="$POSTGRES_MONITOR_PASSWORD" <<'SQL'
CREATE ROLE obrail LOGIN PASSWORD :'owner_password';
CREATE ROLE obrail_api LOGIN PASSWORD :'api_password' CONNECTION LIMIT 40;
CREATE ROLE obrail_bi LOGIN PASSWORD :'bi_password' CONNECTION LIMIT 20;
CREATE ROLE obrail_monitor LOGIN PASSWORD :'monitor_password' CONNECTION LIMIT 5 IN ROLE pg_monitor;

ALTER ROLE obrail_api SET statement_timeout = '10s';
ALTER ROLE obrail_bi SET statement_timeout = '60s';
ALTER ROLE obrail_bi SET default_transaction_read_only = on;
ALTER ROLE obrail_api SET default_transaction_read_only = on;

-- The owner role owns the warehouse database; nobody else connects to it unless granted.
ALTER DATABASE :"db" OWNER TO obrail;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO obrail_api, obrail_bi, obrail_monitor;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO obrail;
SQL
