# shellcheck shell=bash
# scripts/lib.sh — functions shared by scripts/test, run, stop-db, bench, reliability, browser-test and fuzz.
# Source it (it runs nothing by itself). The callers use `set -euo pipefail`.

# shellcheck disable=SC2034 # used by the scripts that source this file
NSB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NSB_START_SECONDS=$SECONDS
NSB_SCRIPT=${NSB_SCRIPT:-scripts/$(basename "$0")}

# ---------------------------------------------------------------------------------------------
# Debian packages that building, testing and running need. THE one list; a script that needs more names
# them itself (scripts/browser-test: chromium chromium-driver; scripts/reliability: python3-venv).
NSB_APT_PACKAGES=(
    libpq-dev zlib1g-dev libssl-dev # C libraries behind CLibPQ, CZlib, CCrypto
    postgresql                      # server binaries for the private PostgreSQL (initdb, pg_ctl, postgres, psql)
    python3                         # free-port helper; interop checks in tests
    unzip zip p7zip-full            # ZIP interop tests (unzip -t, zipinfo, zip, 7z)
    curl                            # HTTP tests (100-continue) and health checks
    tmux                            # TTY tests of the command line
)
# ---------------------------------------------------------------------------------------------

nsb_log() { printf '%s: %s\n' "$NSB_SCRIPT" "$*" >&2; }
nsb_die() { printf '%s: error: %s\n' "$NSB_SCRIPT" "$*" >&2; exit 1; }

# A visible step header with the time since the script started.
nsb_step() {
    printf '\n==> [%s +%ss] %s\n' "$NSB_SCRIPT" "$((SECONDS - NSB_START_SECONDS))" "$*" >&2
}

# Installs what is missing from NSB_APT_PACKAGES (plus any extra names given). Checks with
# dpkg-query first, so a run with everything installed is quick and needs no network.
# shellcheck disable=SC2120 # extra package names are optional
nsb_ensure_packages() {
    local pkg missing=()
    for pkg in "${NSB_APT_PACKAGES[@]}" "$@"; do
        if [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        nsb_log "all ${#NSB_APT_PACKAGES[@]} system packages present"
        return 0
    fi
    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null || nsb_die "missing packages (${missing[*]}) and not root: install them or run as root"
        sudo=(sudo)
    fi
    nsb_log "installing: ${missing[*]}"
    local apt_opts=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" -q update </dev/null
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" -q install -y \
        --no-install-recommends "${missing[@]}" </dev/null
}

# Makes sure `swift` is on PATH (the toolchain lives at /opt/swift on our machines).
nsb_ensure_swift() {
    export HOME=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
    if ! command -v swift >/dev/null 2>&1; then
        [[ -x /opt/swift/usr/bin/swift ]] || nsb_die "swift not found on PATH nor at /opt/swift/usr/bin"
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
}

# ----- PostgreSQL ---------------------------------------------------------------------------

# Sets NSB_PG_BIN to the server binaries: /usr/lib/postgresql/<major>/bin for the given major,
# or the newest major that has initdb. (pg_config --bindir names the client's directory and
# /usr/local/bin links may not exist on a fresh machine, so neither is used.)
nsb_pg_find_bin() {
    local want=${1:-} dir best=""
    if [[ -n $want ]]; then
        [[ -x /usr/lib/postgresql/$want/bin/initdb ]] ||
            nsb_die "PostgreSQL $want server binaries not found under /usr/lib/postgresql/$want/bin (apt-get install postgresql-$want)"
        NSB_PG_BIN=/usr/lib/postgresql/$want/bin
        return 0
    fi
    while IFS= read -r dir; do
        [[ -x $dir/initdb && -x $dir/pg_ctl ]] && best=$dir
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
    [[ -n $best ]] || nsb_die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (package postgresql)"
    NSB_PG_BIN=$best
}

# Runs a command as the server's owner: initdb and postgres refuse root, so root uses the
# postgres account; anyone else runs the server as themselves.
nsb_as_pg() {
    if ((EUID == 0)); then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

nsb_pg_owner() {
    if ((EUID == 0)); then echo postgres; else id -un; fi
}

# Asks the kernel for a free TCP port on 127.0.0.1.
nsb_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# A unix socket path is limited to 107 bytes.
nsb_check_socket_path() {
    local path="$1/.s.PGSQL.$2"
    ((${#path} <= 100)) || nsb_die "socket path too long for a unix socket (${#path} bytes): $path — choose a shorter directory"
}

# initdb as the owner, fast and with trust auth (the server is reachable only by us).
nsb_pg_initdb() {
    local data=$1 out
    if ! out=$(nsb_as_pg "$NSB_PG_BIN/initdb" -D "$data" --no-sync -A trust -E UTF8 --locale=C.UTF-8 -U postgres 2>&1); then
        printf '%s\n' "$out" >&2
        nsb_die "initdb failed for $data"
    fi
}

# pg_ctl start; on failure shows the end of the server log.
nsb_pg_ctl_start() {
    local data=$1 log=$2 timeout=$3
    if ! nsb_as_pg "$NSB_PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t "$timeout" start >/dev/null; then
        nsb_log "PostgreSQL did not start; last lines of $log:"
        tail -n 20 "$log" >&2 || true
        nsb_die "could not start PostgreSQL (data directory $data)"
    fi
}

# Exports DATABASE_URL and the libpq PG* variables for a server on a unix socket directory.
nsb_export_db_env() {
    local socket_dir=$1 port=$2 db=$3
    export DATABASE_URL="postgresql:///$db?host=$socket_dir&port=$port&user=postgres"
    export PGHOST=$socket_dir PGPORT=$port PGUSER=postgres PGDATABASE=$db
}

# Throwaway server for tests: everything lives in one mktemp directory under /tmp that
# nsb_pg_throwaway_cleanup stops and removes. Sets NSB_PG_TMP.
nsb_pg_throwaway_start() {
    nsb_pg_find_bin
    NSB_PG_TMP=$(mktemp -d /tmp/nsbackup-pg.XXXXXX)
    local dir=$NSB_PG_TMP port
    mkdir "$dir/data" "$dir/socket"
    chmod 0700 "$dir/data"
    chown -R "$(nsb_pg_owner)" "$dir"
    nsb_pg_initdb "$dir/data"
    port=$(nsb_free_port)
    nsb_check_socket_path "$dir/socket" "$port"
    # Same as `postgres -c …` options, written to the config to avoid shell quoting through pg_ctl -o.
    cat >>"$dir/data/postgresql.conf" <<CONF

# --- nsbackup throwaway test server (scripts/test) ---
listen_addresses = ''
unix_socket_directories = '$dir/socket'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
CONF
    nsb_pg_ctl_start "$dir/data" "$dir/postgres.log" 30
    nsb_export_db_env "$dir/socket" "$port" postgres
    nsb_log "PostgreSQL $("$NSB_PG_BIN/postgres" -V | awk '{print $3}') in $dir (socket $dir/socket, port id $port)"
}

# Stops (immediate mode: nothing to keep) and removes the throwaway server. Idempotent; never fails.
nsb_pg_throwaway_cleanup() {
    local dir=${NSB_PG_TMP:-}
    [[ -n $dir && -d $dir ]] || return 0
    NSB_PG_TMP=""
    if [[ -f $dir/data/postmaster.pid ]]; then
        nsb_as_pg "$NSB_PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
    # Last resort for a server caught mid-start: only processes serving this very directory.
    pkill -KILL -f -- "-D $dir/data" 2>/dev/null || true
    rm -rf -- "$dir" || true
    nsb_log "throwaway PostgreSQL stopped and $dir removed"
}

# Fails clearly unless the database in DATABASE_URL answers.
nsb_db_sanity_check() {
    nsb_pg_find_bin
    local out
    if ! out=$(PGCONNECT_TIMEOUT=10 "$NSB_PG_BIN/psql" "$DATABASE_URL" -X -A -t -v ON_ERROR_STOP=1 \
        -c "select 1, current_setting('server_version'), current_database()" 2>&1); then
        printf '%s\n' "$out" >&2
        nsb_die "the database at DATABASE_URL does not answer (see above)"
    fi
    [[ $out == 1\|* ]] || nsb_die "unexpected answer to 'select 1' from DATABASE_URL: $out"
    nsb_log "database answers: server ${out#1|}"
}

# ----- the persistent server of scripts/run ------------------------------------------------

# Where scripts/run keeps its PostgreSQL (outside the repository): $NSBACKUP_DATA_DIR, default
# /var/lib/nsbackup, holding pg/ (data), run/ (unix socket), log/postgresql.log.
nsb_persistent_paths() {
    NSB_DATA_DIR=${NSBACKUP_DATA_DIR:-/var/lib/nsbackup}
    NSB_DATA_DIR=$(realpath -m -- "$NSB_DATA_DIR")
    NSB_PG_DATA=$NSB_DATA_DIR/pg
    NSB_PG_SOCKET=$NSB_DATA_DIR/run
    NSB_PG_LOG=$NSB_DATA_DIR/log/postgresql.log
    NSB_PG_PORT=${NSBACKUP_PG_PORT:-55432}
    if ! [[ $NSB_PG_PORT =~ ^[0-9]{1,5}$ ]] || ((NSB_PG_PORT < 1 || NSB_PG_PORT > 65535)); then
        nsb_die "NSBACKUP_PG_PORT must be a port number (1-65535), not '$NSB_PG_PORT'"
    fi
}

# Reads the port a running server was started with (line 4 of postmaster.pid).
nsb_pg_running_port() {
    sed -n 4p "$NSB_PG_DATA/postmaster.pid" 2>/dev/null
}

nsb_pg_is_running() {
    [[ -f $NSB_PG_DATA/postmaster.pid ]] && nsb_as_pg "$NSB_PG_BIN/pg_ctl" -D "$NSB_PG_DATA" status >/dev/null 2>&1
}

# Starts the persistent server if it is not running (initialising it the first time), reuses it
# if it is, creates the database `nsbackup`, and exports DATABASE_URL and PG*.
nsb_pg_persistent_up() {
    nsb_persistent_paths
    local owner port
    owner=$(nsb_pg_owner)
    mkdir -p "$NSB_DATA_DIR"
    mkdir -p "$NSB_PG_DATA" "$NSB_PG_SOCKET" "$(dirname "$NSB_PG_LOG")"
    chown "$owner" "$NSB_PG_DATA" "$NSB_PG_SOCKET" "$(dirname "$NSB_PG_LOG")"
    chmod 0700 "$NSB_PG_DATA"
    if ! nsb_as_pg test -w "$NSB_PG_DATA"; then
        local dir=$NSB_PG_DATA closed=$NSB_PG_DATA
        while [[ $dir != / ]]; do
            dir=$(dirname "$dir")
            nsb_as_pg test -x "$dir" || closed=$dir
        done
        nsb_die "user $owner cannot reach $NSB_PG_DATA: $closed is closed to it (mode $(stat -c %a "$closed")); set NSBACKUP_DATA_DIR to a directory it can reach"
    fi

    # One scripts/run at a time sets the server up.
    exec {NSB_LOCK_FD}>"$NSB_DATA_DIR/.setup.lock"
    flock -w 120 "$NSB_LOCK_FD" || nsb_die "another scripts/run holds $NSB_DATA_DIR/.setup.lock"

    if [[ -f $NSB_PG_DATA/PG_VERSION ]]; then
        nsb_pg_find_bin "$(cat "$NSB_PG_DATA/PG_VERSION")"
    else
        nsb_pg_find_bin
        nsb_log "initialising PostgreSQL data in $NSB_PG_DATA"
        nsb_pg_initdb "$NSB_PG_DATA"
        printf "\n# --- nsbackup (scripts/run) writes its settings there at every start ---\ninclude_if_exists = 'nsbackup.conf'\n" \
            >>"$NSB_PG_DATA/postgresql.conf"
    fi

    if nsb_pg_is_running; then
        port=$(nsb_pg_running_port)
        [[ $port == "$NSB_PG_PORT" ]] ||
            nsb_log "note: the running server listens on port $port, not $NSB_PG_PORT; scripts/stop-db then scripts/run to change it"
        nsb_log "PostgreSQL already running (data $NSB_PG_DATA, port $port): reusing it"
    else
        port=$NSB_PG_PORT
        nsb_check_socket_path "$NSB_PG_SOCKET" "$port"
        nsb_as_pg tee "$NSB_PG_DATA/nsbackup.conf" >/dev/null <<CONF
# Written by scripts/run at every start; edit NSBACKUP_PG_PORT / NSBACKUP_DATA_DIR instead.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$NSB_PG_SOCKET'
port = $port
max_connections = 300
CONF
        nsb_log "starting PostgreSQL (data $NSB_PG_DATA, 127.0.0.1:$port, log $NSB_PG_LOG)"
        nsb_pg_ctl_start "$NSB_PG_DATA" "$NSB_PG_LOG" 60
    fi

    nsb_export_db_env "$NSB_PG_SOCKET" "$port" postgres
    if [[ $("$NSB_PG_BIN/psql" -X -A -t -c "select 1 from pg_database where datname = 'nsbackup'") != 1 ]]; then
        "$NSB_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -c 'create database nsbackup' >/dev/null
        nsb_log "created database nsbackup"
    fi
    nsb_export_db_env "$NSB_PG_SOCKET" "$port" nsbackup
    flock -u "$NSB_LOCK_FD"
    exec {NSB_LOCK_FD}>&-
    nsb_log "DATABASE_URL=$DATABASE_URL"
    nsb_log "psql: psql 'postgresql://postgres@127.0.0.1:$port/nsbackup'"
}

nsb_pg_persistent_down() {
    nsb_persistent_paths
    if [[ ! -f $NSB_PG_DATA/PG_VERSION ]]; then
        nsb_log "no PostgreSQL data in $NSB_PG_DATA: nothing to stop"
        return 0
    fi
    nsb_pg_find_bin "$(cat "$NSB_PG_DATA/PG_VERSION")"
    if nsb_pg_is_running; then
        nsb_as_pg "$NSB_PG_BIN/pg_ctl" -D "$NSB_PG_DATA" -m fast -w -t 60 stop >/dev/null
        nsb_log "PostgreSQL stopped (data kept in $NSB_PG_DATA)"
    else
        nsb_log "PostgreSQL is not running (data in $NSB_PG_DATA)"
    fi
}
