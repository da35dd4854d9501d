#!/usr/bin/env bash
# PostGIS in and out against a real server: PostgreSQL 15 + PostGIS 3.3 (Debian's packages,
# tools/setup.d/postgis.packages), started here in a temporary folder on a free port and stopped
# at the end, whatever happens.
#
#   tests/postgis/postgis_roundtrip.sh <oremap binary>
#
# 1. oremap runs the browser fixture (tests/browser/fixture/) from its GeoJSON files: baseline.
# 2. The fixture's layers go GeoJSON -> GeoPackage -> PostGIS (ogr2ogr); oremap runs the same
#    project reading every layer from PostGIS and writing the ranked sites to PostGIS too.
# 3. Checked feature by feature (ogr2ogr CSV dumps with WKT geometries, compared as text):
#    the sites read from PostGIS equal the baseline; each PostGIS table sites_<c> equals the
#    same run's sites.gpkg layer; a second run replaces the tables (same rows, not twice as many).
# 4. A wrong password and an unreachable server are errors with exit code 3 whose messages never
#    show the password.
# Prints 'ok - ...' per check and ends with 'N passed, N failed'; exit 1 if any failed.
set -uo pipefail
oremap=$(realpath "${1:?usage: postgis_roundtrip.sh <oremap binary>}")
here=$(cd "$(dirname "$0")" && pwd)
fixture="$here/../browser/fixture"
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "not ok - $bin/initdb is missing: run tools/setup (postgresql-15)"; exit 1; }

tmp=$(mktemp -d /tmp/oremap-postgis.XXXXXX)
data="$tmp/data"
# PostgreSQL refuses to run as root: the server runs as the postgres user the package creates.
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop() {
  as_server "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1
  rm -rf "$tmp"
}
trap stop EXIT
[ "$(id -u)" = 0 ] && chown postgres "$tmp"

passed=0 failed=0
check() {  # check <name> <command...>
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok - $name"
  else
    failed=$((failed + 1))
    echo "not ok - $name"
  fi
}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=oremap-secret-Pw7
echo "$password" >"$tmp/pw" && chmod 644 "$tmp/pw"
as_server "$bin/initdb" -D "$data" -U postgres --pwfile="$tmp/pw" --auth-local=trust --auth-host=scram-sha-256 \
  >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; echo "not ok - initdb"; exit 1; }
as_server "$bin/pg_ctl" -D "$data" -w -l "$tmp/server.log" \
  -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
  { cat "$tmp/server.log"; echo "not ok - the server did not start"; exit 1; }
as_server "$bin/createdb" -h "$tmp" -p "$port" -U postgres oremap_test
as_server psql -q -h "$tmp" -p "$port" -U postgres -d oremap_test -c "CREATE EXTENSION postgis" ||
  { echo "not ok - CREATE EXTENSION postgis"; exit 1; }
pg="PG:host=127.0.0.1 port=$port dbname=oremap_test user=postgres password=$password"
echo "# PostgreSQL $("$bin/postgres" --version | awk '{print $3}') with PostGIS on 127.0.0.1:$port, data in $tmp"

# 1. Baseline from the GeoJSON files.
mkdir -p "$tmp/files"
cp -r "$fixture"/. "$tmp/files/"
"$oremap" run --quiet "$tmp/files/project.toml" 2>"$tmp/files.err" ||
  { cat "$tmp/files.err"; echo "not ok - the baseline run"; exit 1; }

# 2. GeoJSON -> GeoPackage -> PostGIS, then the same project on PostGIS layers, writing to PostGIS.
layers=(area faults roads provinces parks sites)
for l in "${layers[@]}"; do
  ogr2ogr -f GPKG -update -append "$tmp/fixture.gpkg" "$fixture/$l.geojson" -nln "$l" || exit 1
done
ogr2ogr -f PostgreSQL "$pg" "$tmp/fixture.gpkg" -lco GEOMETRY_NAME=geom || { echo "not ok - loading PostGIS"; exit 1; }
mkdir -p "$tmp/pg"
python3 - "$fixture/project.toml" "$tmp/pg/project.toml" "$pg" "${layers[@]}" <<'PY'
import re, sys
src, dst, pg, layers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
text = open(src).read()
for layer in layers:
    text = text.replace(f'path = "{layer}.geojson"', f'path = "{pg}"\nlayer = "{layer}"')
text = re.sub(r'\[outputs\]', '[outputs]', text)
if '[outputs]' in text:
    text = text.replace('[outputs]', f'[outputs]\npostgis = "{pg}"', 1)
else:
    text += f'\n[outputs]\npostgis = "{pg}"\n'
open(dst, 'w').write(text)
PY
run_pg() { "$oremap" run --quiet "$tmp/pg/project.toml" 2>"$tmp/pg.err"; }
check "oremap runs on PostGIS layers and writes the sites to PostGIS" run_pg
grep -q "$password" "$tmp/pg.err" && { echo "# stderr shows the password"; failed=$((failed + 1)); }

# Feature-by-feature dumps (attributes in column order, geometry as WKT), as text.
dump() { ogr2ogr -f CSV /vsistdout/ "$1" "$2" -lco GEOMETRY=AS_WKT -lco LINEFORMAT=LF 2>/dev/null; }
commodities=$(sed -n 's/^commodities = {\(.*\)}/\1/p' "$fixture/project.toml" | grep -o '[a-z]* = "' | tr -d ' ="')
same_as_baseline() { [ -n "$(dump "$tmp/files/output/sites.gpkg" "sites_$1")" ] &&
  diff <(dump "$tmp/files/output/sites.gpkg" "sites_$1") <(dump "$tmp/pg/output/sites.gpkg" "sites_$1") >/dev/null; }
same_in_postgis() { [ -n "$(dump "$pg" "sites_$1")" ] &&
  diff <(dump "$tmp/pg/output/sites.gpkg" "sites_$1") <(dump "$pg" "sites_$1") >/dev/null; }
for c in $commodities; do
  check "$c: sites from PostGIS layers equal the baseline from the files" same_as_baseline "$c"
  check "$c: the PostGIS table sites_$c equals sites.gpkg, feature by feature" same_in_postgis "$c"
done
for c in $commodities; do
  echo "# sites_$c: $(dump "$pg" "sites_$c" | wc -l) lines compared (header and features)"
done
rows() { as_server psql -qtA -h "$tmp" -p "$port" -U postgres -d oremap_test -c "SELECT count(*) FROM sites_$1"; }
first=$(echo "$commodities" | head -1)
before=$(rows "$first")
run_pg
check "a second run replaces sites_$first ($before rows before and after)" test "$(rows "$first")" = "$before"

# 3. A wrong password and an unreachable server: exit 3, the password never shown.
refused() {  # refused <connection> <secret>
  sed "s|$pg|$1|g" "$tmp/pg/project.toml" >"$tmp/pg/bad.toml"
  "$oremap" run --quiet "$tmp/pg/bad.toml" 2>"$tmp/bad.err"
  local rc=$?
  [ "$rc" = 3 ] || { echo "# exit $rc:"; sed 's/^/#   /' "$tmp/bad.err"; return 1; }
  ! grep -q -- "$2" "$tmp/bad.err" && grep -q "cannot connect to PostGIS\|PostGIS\|PG:" "$tmp/bad.err"
}
check "a wrong password: exit 3, the password not shown" \
  refused "PG:host=127.0.0.1 port=$port dbname=oremap_test user=postgres password=WrongPw-42" WrongPw-42
check "an unreachable server: exit 3, the password not shown" \
  refused "PG:host=127.0.0.1 port=1 dbname=oremap_test user=postgres password=$password" "$password"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
