#!/bin/bash
# Runs once, when the database volume is first initialised (docker-entrypoint-initdb.d).
# Least privilege: the app connects as `milevault`, which owns its database and schema but is
# not a superuser. TimescaleDB is created here by the superuser (the app cannot create it).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v pw="$MILEVAULT_DB_PASSWORD" <<'SQL'
CREATE ROLE milevault LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
CREATE DATABASE milevault OWNER milevault;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname milevault <<'SQL'
ALTER SCHEMA public OWNER TO milevault;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
    CREATE EXTENSION IF NOT EXISTS timescaledb;
  END IF;
END $$;
SQL
