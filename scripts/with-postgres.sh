#!/usr/bin/env bash
# scripts/with-postgres.sh CMD ARGS...
#
# Runs CMD against a throw-away PostgreSQL cluster: starts one in a temporary folder on a
# free port of 127.0.0.1, exports TEST_POSTGRES_URL (a SUPERUSER role over TCP, to the
# `postgres` database: tests CREATE DATABASE per test from it), runs CMD, then stops the
# cluster and removes its folder whatever CMD did, and exits with CMD's status.
#
# Why not the machine's own cluster: tests must not depend on (or damage) a server someone
# configured, and parallel runs must not share one. initdb and pg_ctl refuse to run as
# root, so as root (CI) they run as the `postgres` user; otherwise as the caller.
# Durability is switched off (fsync, full_page_writes, synchronous_commit): the data is
# thrown away anyway, and tests run much faster.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

# The newest installed PostgreSQL; install the distribution's only when there is none.
find_bindir() {
    find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null |
        sort -V | tail -n 1
}
bindir=$(find_bindir)
if [ -z "$bindir" ]; then
    echo "with-postgres: no PostgreSQL under /usr/lib/postgresql; installing it" >&2
    sudo_=()
    [ "$(id -u)" -eq 0 ] || sudo_=(sudo)
    "${sudo_[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${sudo_[@]}" apt-get install -y postgresql
    bindir=$(find_bindir)
fi

# As root, the cluster belongs to `postgres`; otherwise to the caller.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    as_owner=(runuser -u postgres --)
fi

# A port nobody listens on, from 55432 upward (a small race with other starters remains;
# pg_ctl then fails and its log says so).
port=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")
chmod 755 "$dir"
[ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
data="$dir/data"
log="$dir/postgres.log"
user=partner
password=secret

cleanup() {
    if [ -f "$data/postmaster.pid" ]; then
        "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

printf '%s\n' "$password" >"$dir/password"
[ "$(id -u)" -ne 0 ] || chown postgres: "$dir/password"
# C.UTF-8: text sorts and compares by code point, as SQLite's BINARY collation does.
"${as_owner[@]}" "$bindir/initdb" -D "$data" -U "$user" --pwfile="$dir/password" \
    -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
}

if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" \
    -o "-c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >/dev/null; then
    echo "with-postgres: PostgreSQL did not start; its log:" >&2
    cat "$log" >&2 || true
    exit 1
fi

export TEST_POSTGRES_URL="postgres://$user:$password@127.0.0.1:$port/postgres"
status=0
"$@" || status=$?
exit "$status"
