# Starts the machine's PostgreSQL cluster on 127.0.0.1 and makes a superuser `refract`
# (password `refract`) for the tests. Sourced by .ci/run and scripts/test.
start_postgres() {
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  local conf="/etc/postgresql/$version/main/postgresql.conf"
  grep -q "^listen_addresses = '127.0.0.1'" "$conf" ||
    echo "listen_addresses = '127.0.0.1'" >>"$conf"
  grep -q "^max_connections = 300" "$conf" || echo "max_connections = 300" >>"$conf"
  grep -q "^fsync = off" "$conf" || echo "fsync = off" >>"$conf"
  ensure_postgres_tls "$conf"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -q && break
    sleep 1
  done
  su postgres -c "psql -q -h 127.0.0.1 -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'refract') THEN CREATE ROLE refract LOGIN SUPERUSER PASSWORD 'refract'; END IF; END \\\$\\\$;\"" 2>/dev/null ||
    su postgres -c "psql -q -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'refract') THEN CREATE ROLE refract LOGIN SUPERUSER PASSWORD 'refract'; END IF; END \\\$\\\$;\""
}

# TLS for the `sslmode` tests (crates/connector/tests/tls.rs): Debian's clusters have
# `ssl = on` with the snakeoil certificate of the ssl-cert package. Where TLS is off or that
# certificate is missing, a self-signed certificate for `localhost` is made with openssl.
ensure_postgres_tls() {
  local conf="$1" dir
  dir=$(dirname "$conf")
  local cert
  cert=$(sed -n "s/^ssl_cert_file = '\(.*\)'.*/\1/p" "$conf" | tail -1)
  if grep -q "^ssl = on" "$conf" && [ -n "$cert" ] && [ -r "$cert" ]; then
    return
  fi
  if [ ! -f "$dir/refract-server.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost" \
      -keyout "$dir/refract-server.key" -out "$dir/refract-server.crt" 2>/dev/null
    chown postgres:postgres "$dir/refract-server.key" "$dir/refract-server.crt"
    chmod 600 "$dir/refract-server.key"
    chmod 644 "$dir/refract-server.crt"
  fi
  {
    echo "ssl = on"
    echo "ssl_cert_file = '$dir/refract-server.crt'"
    echo "ssl_key_file = '$dir/refract-server.key'"
  } >>"$conf"
}
