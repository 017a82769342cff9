"""The processes the suite drives: nsbackup server instances, the PostgreSQL server, psql."""

import os
import re
import signal
import subprocess
import time
import urllib.parse

from rel_http import Client, Endpoint, TransportError

LISTENING = re.compile(r"nsbackup listening on (http://\S+)")


class StartError(Exception):
    pass


class Instance:
    """One `nsbackup serve --port 0` process; kill9() and start() again pick a new port (endpoint.url moves)."""

    def __init__(self, name, binary, env, log_dir, extra_args=()):
        self.name = name
        self.binary = binary
        self.env = env
        self.log_dir = log_dir
        self.extra_args = list(extra_args)
        self.endpoint = Endpoint(name)
        self.process = None
        self.starts = 0

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def start(self, timeout=90.0):
        """Starts the process and waits for its 'listening' line and a healthy /healthz."""
        assert not self.alive(), f"{self.name} is already running"
        self.starts += 1
        stdout_path = os.path.join(self.log_dir, f"{self.name}.stdout.log")
        stderr_path = os.path.join(self.log_dir, f"{self.name}.stderr.log")
        with open(stdout_path, "ab") as out, open(stderr_path, "ab") as err:
            marker = f"\n----- start {self.starts} at {time.strftime('%H:%M:%S')} -----\n".encode()
            out.write(marker)
            err.write(marker)
            out.flush()
            offset = out.tell()
            self.process = subprocess.Popen([self.binary, "serve", "--port", "0", *self.extra_args],
                                            stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=self.env,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        url = None
        while url is None:
            if self.process.poll() is not None:
                raise StartError(f"{self.name} exited with {self.process.returncode} while starting; see {stderr_path}")
            if time.monotonic() > deadline:
                self.kill9()
                raise StartError(f"{self.name} did not print its listening line within {timeout:.0f} s")
            with open(stdout_path, "rb") as out:
                out.seek(offset)
                match = LISTENING.search(out.read().decode("utf-8", "replace"))
            if match:
                url = match.group(1)
            else:
                time.sleep(0.02)
        self.endpoint.url = url
        probe = Client(self.endpoint, timeout=5)
        while True:
            try:
                if probe.get("/healthz", auth=False).status == 200:
                    break
            except TransportError:
                pass
            if time.monotonic() > deadline:
                raise StartError(f"{self.name} listens at {url} but /healthz did not answer 200")
            time.sleep(0.05)
        probe.close()
        return self

    def kill9(self):
        """SIGKILL, then reap. Returns the monotonic time of the kill."""
        at = time.monotonic()
        if self.alive():
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        return at

    def stop(self, timeout=20.0):
        """SIGTERM (graceful), SIGKILL after `timeout`."""
        if not self.alive():
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill9()


class Postgres:
    """The suite's own PostgreSQL server (only when it started it): stop, start, restart with pg_ctl."""

    def __init__(self, pg_bin, data_dir, log_path):
        self.pg_bin = pg_bin
        self.data_dir = data_dir
        self.log_path = log_path

    def _pg_ctl(self, *args, timeout=60):
        command = [os.path.join(self.pg_bin, "pg_ctl"), "-D", self.data_dir, *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, cwd="/", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                              check=True, text=True)

    def stop(self, mode):
        self._pg_ctl("-m", mode, "-w", "-t", "30", "stop")

    def start(self):
        self._pg_ctl("-l", self.log_path, "-w", "-t", "60", "start")

    def restart(self, mode):
        self._pg_ctl("-m", mode, "-l", self.log_path, "-w", "-t", "60", "restart")


def with_database(url, name):
    """The libpq URL or keyword string `url` pointed at database `name`."""
    if url.startswith(("postgresql://", "postgres://")):
        parts = urllib.parse.urlsplit(url)
        query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != "dbname"]
        text = f"{parts.scheme}://{parts.netloc}/{name}"   # urlunsplit would drop the '//' of an empty host
        return text + (f"?{urllib.parse.urlencode(query, safe='/')}" if query else "")
    return f"{url} dbname={name}"


class Psql:
    """psql -X -A -t on one database: the suite's independent view of the tables."""

    def __init__(self, psql_binary, url):
        self.binary = psql_binary
        self.url = url

    def run(self, sql, timeout=60):
        result = subprocess.run([self.binary, self.url, "-X", "-A", "-t", "-q", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                                 "-c", sql], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                timeout=timeout, env={**os.environ, "PGCONNECT_TIMEOUT": "10"})
        if result.returncode != 0:
            raise RuntimeError(f"psql failed ({result.returncode}): {result.stderr.strip()} — for: {sql}")
        return [line.split("\t") for line in result.stdout.splitlines() if line != ""]

    def value(self, sql):
        rows = self.run(sql)
        return rows[0][0] if rows else None

    def orphans(self):
        """(large objects no backup references, ready backups whose large object is missing)."""
        orphan = int(self.value("SELECT count(*) FROM pg_largeobject_metadata m "
                                "WHERE NOT EXISTS (SELECT 1 FROM backups b WHERE b.archive_oid = m.oid)"))
        dangling = int(self.value("SELECT count(*) FROM backups b WHERE b.archive_oid IS NOT NULL AND NOT EXISTS "
                                  "(SELECT 1 FROM pg_largeobject_metadata m WHERE m.oid = b.archive_oid)"))
        return orphan, dangling

    def unfinished_jobs(self):
        """Backups still `creating` and restores still `running`, as (kind, id, age in seconds)."""
        rows = self.run("SELECT 'backup', id, extract(epoch FROM now() - created_at) FROM backups "
                        "WHERE status = 'creating' UNION ALL "
                        "SELECT 'restore', id, extract(epoch FROM now() - started_at) FROM restores "
                        "WHERE status = 'running'")
        return [(kind, ident, float(age)) for kind, ident, age in rows]
