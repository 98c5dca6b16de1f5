# Sourced by the events tools: a fresh schema on the throwaway test cluster
# (tools/postgres-test-cluster.sh), dropped on exit; sets `url` to the cluster URL with
# `search_path=<schema>`. Expects `repo` set.
base_url="$("$repo/tools/postgres-test-cluster.sh" start)"
schema="events_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
psql -q "$base_url" -c "CREATE SCHEMA $schema" >/dev/null
trap 'psql -q "$base_url" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT
case "$base_url" in *\?*) url="$base_url&search_path=$schema" ;; *) url="$base_url?search_path=$schema" ;; esac
