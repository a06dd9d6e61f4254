//! A MariaDB server of a test's own, for what a test must not do to the shared server (its
//! connection limits, say): a fresh data folder made by `mariadb-install-db` in the temporary
//! folder, `mariadbd` on a port and socket of its own with the options the test gives, and
//! everything stopped and removed when the guard drops, as `scripts/test-servers.sh`'s
//! `start_test_mariadb` does for the shared one. The machine's own server and configuration are
//! never touched (`--no-defaults`: no option file is read).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running MariaDB server of the test's own, stopped (and its data folder removed) when
/// dropped. Its superuser `root` has no password: [`OwnMariaDb::url`].
pub struct OwnMariaDb {
    child: Child,
    dir: PathBuf,
    port: u16,
}

/// Options that keep the server small and quick to start (a 4 MB redo log instead of 96 MB, no
/// binary log, no flush per commit): it lives for one test.
const QUICK: [&str; 4] = [
    "--innodb-log-file-size=4M",
    "--innodb-buffer-pool-size=16M",
    "--innodb-flush-log-at-trx-commit=0",
    "--skip-log-bin",
];

/// The first of `names` found in the folders of `PATH` or the usual `sbin` folders.
fn find_binary(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let folders: Vec<PathBuf> = std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/libexec"].map(PathBuf::from))
        .collect();
    names
        .iter()
        .flat_map(|name| folders.iter().map(move |f| f.join(name)))
        .find(|p| p.is_file())
}

/// Whether this process runs as root (whose servers need `--user=root`).
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A TCP port on 127.0.0.1 that nothing listens on (now).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("finding a free port: {e}"))
}

impl OwnMariaDb {
    /// Starts a server with `options` added to `mariadbd`'s (`--max-connections=10`, …), or
    /// returns `None` after a [`crate::skip`] when MariaDB's server or `mariadb-install-db`
    /// is not installed. Takes a few seconds (most of it `mariadb-install-db`).
    ///
    /// # Panics
    /// When the server is installed but cannot be set up or does not start within 30 seconds
    /// (with its log).
    pub fn start(test: &str, options: &[&str]) -> Option<OwnMariaDb> {
        let (Some(server), Some(install)) = (
            find_binary(&["mariadbd", "mysqld"]),
            find_binary(&["mariadb-install-db", "mysql_install_db"]),
        ) else {
            crate::skip("no MariaDB server (mariadbd and mariadb-install-db) installed");
            return None;
        };
        let dir = std::env::temp_dir().join(crate::unique_name("refract_mariadb", test));
        let data = dir.join("data");
        std::fs::create_dir_all(&data)
            .unwrap_or_else(|e| panic!("creating {}: {e}", data.display()));
        let user: &[&str] = if is_root() { &["--user=root"] } else { &[] };
        let datadir = format!("--datadir={}", data.display());
        let installed = Command::new(&install)
            .arg("--no-defaults")
            .args(user)
            .arg(&datadir)
            .args(["--auth-root-authentication-method=normal", "--skip-test-db"])
            .args(QUICK)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("running {}: {e}", install.display()));
        if !installed.status.success() {
            let _ = std::fs::remove_dir_all(&dir);
            panic!(
                "{} failed: {}{}",
                install.display(),
                String::from_utf8_lossy(&installed.stdout),
                String::from_utf8_lossy(&installed.stderr)
            );
        }
        let port = free_port();
        let child = Command::new(&server)
            .arg("--no-defaults")
            .args(user)
            .arg(&datadir)
            .arg(format!("--port={port}"))
            .arg("--bind-address=127.0.0.1")
            .arg(format!("--socket={}", dir.join("mysqld.sock").display()))
            .arg(format!("--pid-file={}", dir.join("mysqld.pid").display()))
            .arg(format!("--log-error={}", dir.join("server.log").display()))
            .arg("--skip-name-resolve")
            .args(QUICK)
            .args(options)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", server.display()));
        // Owned from here: a failure below stops the server and removes the folder.
        let mut own = OwnMariaDb { child, dir, port };
        own.wait_ready();
        Some(own)
    }

    /// Waits until the server takes TCP connections.
    fn wait_ready(&mut self) {
        let start = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            let exited = self.child.try_wait().ok().flatten();
            if exited.is_some() || start.elapsed() > Duration::from_secs(30) {
                let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
                panic!("the test's MariaDB server did not start ({exited:?}):\n{log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The server's URL for its superuser, on the `mysql` database:
    /// `mysql://root@127.0.0.1:PORT/mysql`.
    pub fn url(&self) -> String {
        format!("mysql://root@127.0.0.1:{}/mysql", self.port)
    }

    /// The server's data folder and logs.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for OwnMariaDb {
    fn drop(&mut self) {
        // The data is thrown away: no clean shutdown needed.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
