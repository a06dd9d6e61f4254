# Throwaway database servers for the tests: sourced by scripts/test (and .ci/run through it).
#
# Each server gets its own data directory under one temporary folder, a free port on
# 127.0.0.1 and a Unix socket inside that folder; it runs as the invoking user, or, when that
# is root (PostgreSQL refuses to run as root), as the unprivileged `postgres` / `mysql` user the
# Debian packages create (`nobody` otherwise). Nothing outside the temporary folder is read or
# written: no system configuration file, no system cluster, no system account.
# `stop_test_servers` stops them and removes the folder (scripts/test calls it on exit).
#
# After `start_test_postgres` / `start_test_mariadb`, REFRACT_TEST_POSTGRES_URL /
# REFRACT_TEST_MYSQL_URL name a superuser `refract` (password `refract`); when the machine has
# no server binary, the function says so and returns 1, and the tests that need that server
# report themselves as skipped.

REFRACT_SERVERS_DIR=""
REFRACT_SERVERS_PIDS=()

_servers_dir() {
  if [ -z "$REFRACT_SERVERS_DIR" ]; then
    REFRACT_SERVERS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/refract-test-servers.XXXXXX")
    chmod 755 "$REFRACT_SERVERS_DIR"
  fi
}

# The user a server runs as: the invoking one, or an unprivileged system user under root.
_server_user() {
  if [ "$(id -u)" != 0 ]; then
    id -un
  elif id "$1" >/dev/null 2>&1; then
    echo "$1"
  else
    echo nobody
  fi
}

# Runs a command as the server's user (directly when that is the invoking user).
_as() {
  local user=$1
  shift
  if [ "$user" = "$(id -un)" ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u "$user" -- "$@"
  else
    su -s /bin/sh "$user" -c "$(printf '%q ' "$@")"
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on.
_free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

_find_bin() {
  local name=$1 dir
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return 0
  fi
  for dir in /usr/lib/postgresql/*/bin /usr/sbin /usr/local/sbin; do
    if [ -x "$dir/$name" ]; then
      echo "$dir/$name"
      return 0
    fi
  done
  return 1
}

start_test_postgres() {
  local initdb pgctl user dir port
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
  [ -n "$initdb" ] || initdb=$(_find_bin initdb) || {
    echo "test servers: no PostgreSQL server binaries (initdb): PostgreSQL tests will be skipped"
    return 1
  }
  pgctl="$(dirname "$initdb")/pg_ctl"
  _servers_dir
  user=$(_server_user postgres)
  dir="$REFRACT_SERVERS_DIR/postgres"
  mkdir -p "$dir"
  printf 'refract\n' >"$dir.pw"
  chown -R "$user" "$dir" "$dir.pw" 2>/dev/null || true
  chmod 700 "$dir"
  _as "$user" "$initdb" -D "$dir/data" -U refract --pwfile="$dir.pw" -A scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 ||
    _as "$user" "$initdb" -D "$dir/data" -U refract --pwfile="$dir.pw" -A scram-sha-256 \
      -E UTF8 --locale=C >"$dir.initdb.log" 2>&1 || {
    echo "test servers: initdb failed:"
    cat "$dir.initdb.log"
    return 1
  }
  port=$(_free_port)
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$dir'"
    echo "max_connections = 300"
    echo "fsync = off"
    echo "synchronous_commit = off"
    echo "full_page_writes = off"
  } >>"$dir/data/postgresql.conf"
  # TLS for the sslmode tests (crates/driver/tests/tls.rs), with a certificate made here.
  if command -v openssl >/dev/null 2>&1 &&
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost" -addext "basicConstraints=critical,CA:FALSE" \
      -addext "extendedKeyUsage=serverAuth" -keyout "$dir/data/server.key" \
      -out "$dir/data/server.crt" >/dev/null 2>&1; then
    chown "$user" "$dir/data/server.key" "$dir/data/server.crt" 2>/dev/null || true
    chmod 600 "$dir/data/server.key"
    echo "ssl = on" >>"$dir/data/postgresql.conf"
  fi
  _as "$user" "$pgctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null || {
    echo "test servers: PostgreSQL did not start:"
    cat "$dir/server.log"
    return 1
  }
  REFRACT_SERVERS_PIDS+=("postgres:$user:$pgctl:$dir/data")
  export REFRACT_TEST_POSTGRES_URL="postgresql://refract:refract@127.0.0.1:$port/postgres"
  echo "test servers: PostgreSQL $("$(dirname "$initdb")/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
}

start_test_mariadb() {
  local mariadbd install user dir port client
  mariadbd=$(_find_bin mariadbd) || mariadbd=$(_find_bin mysqld) || {
    echo "test servers: no MariaDB/MySQL server binary (mariadbd): MySQL tests will be skipped"
    return 1
  }
  install=$(_find_bin mariadb-install-db) || install=$(_find_bin mysql_install_db) || {
    echo "test servers: no mariadb-install-db: MySQL tests will be skipped"
    return 1
  }
  client=$(_find_bin mariadb) || client=$(_find_bin mysql) || {
    echo "test servers: no mariadb client: MySQL tests will be skipped"
    return 1
  }
  _servers_dir
  user=$(_server_user mysql)
  dir="$REFRACT_SERVERS_DIR/mariadb"
  # Its own temporary folder: the server's user may not write to the caller's TMPDIR.
  mkdir -p "$dir/data" "$dir/tmp"
  chown -R "$user" "$dir" 2>/dev/null || true
  local user_flag=()
  [ "$(id -u)" = 0 ] && user_flag=(--user="$user")
  "$install" --no-defaults "${user_flag[@]}" --datadir="$dir/data" --tmpdir="$dir/tmp" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 || {
    echo "test servers: mariadb-install-db failed:"
    cat "$dir/install.log"
    return 1
  }
  port=$(_free_port)
  "$mariadbd" --no-defaults "${user_flag[@]}" --datadir="$dir/data" --tmpdir="$dir/tmp" --port="$port" \
    --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
    --log-error="$dir/server.log" --skip-name-resolve --max-connections=500 \
    --innodb-flush-log-at-trx-commit=0 --skip-log-bin --innodb-buffer-pool-size=256M \
    >/dev/null 2>&1 &
  REFRACT_SERVERS_PIDS+=("mariadb:$!")
  for _ in $(seq 1 60); do
    "$client" --no-defaults -uroot --socket="$dir/mysqld.sock" -e "SELECT 1" >/dev/null 2>&1 && break
    sleep 1
  done
  "$client" --no-defaults -uroot --socket="$dir/mysqld.sock" -e "
CREATE USER 'refract'@'127.0.0.1' IDENTIFIED BY 'refract';
CREATE USER 'refract'@'localhost' IDENTIFIED BY 'refract';
GRANT ALL PRIVILEGES ON *.* TO 'refract'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'refract'@'localhost' WITH GRANT OPTION;" || {
    echo "test servers: MariaDB did not start:"
    cat "$dir/server.log"
    return 1
  }
  export REFRACT_TEST_MYSQL_URL="mysql://refract:refract@127.0.0.1:$port/mysql"
  echo "test servers: $("$mariadbd" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
}

stop_test_servers() {
  local entry
  for entry in "${REFRACT_SERVERS_PIDS[@]}"; do
    case "$entry" in
    postgres:*)
      IFS=: read -r _ user pgctl data <<<"$entry"
      _as "$user" "$pgctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
      ;;
    mariadb:*)
      local pid=${entry#mariadb:}
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
      done
      kill -9 "$pid" 2>/dev/null || true
      ;;
    esac
  done
  REFRACT_SERVERS_PIDS=()
  if [ -n "$REFRACT_SERVERS_DIR" ]; then
    rm -rf "$REFRACT_SERVERS_DIR"
    REFRACT_SERVERS_DIR=""
  fi
}
