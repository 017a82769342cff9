#!/usr/bin/env python3
"""The nsbackup reliability suite (issue 8): kill -9, PostgreSQL restart, load, schemathesis.

Run it through scripts/reliability, which installs what it needs, starts a throwaway PostgreSQL, builds the release
binary and calls this with the paths. It starts two `nsbackup serve --port 0` instances on one fresh database,
runs the checks, prints a results table and exits 1 when a check failed. Every route is expected to exist: an
unexpected answer (404, 405, 5xx, no answer) is a FAIL of the check that got it, never a skip.
"""

import argparse
import os
import random
import signal
import sys
import threading
import time
import traceback

import check_kill
import check_load
import check_pgrestart
import check_schemathesis
from rel_api import Api
from rel_world import World
from rel_fixtures import Background
from rel_http import Client
from rel_procs import Instance, Postgres, Psql, StartError, with_database
from rel_results import FAIL, Result, print_table, write_json

CHECKS = ("kill", "pg", "load", "schemathesis")
OPERATIONS = ("backup", "restore", "upload", "content writes")


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the nsbackup executable (release build)")
    parser.add_argument("--database-url", required=True, help="a libpq URL of a database the suite may CREATE "
                        "DATABASE from (the suite makes its own databases and drops them at the end)")
    parser.add_argument("--psql", default="psql")
    parser.add_argument("--pg-bin", help="PostgreSQL server binaries, when the suite controls the server")
    parser.add_argument("--pg-data", help="its data directory (enables the PostgreSQL-restart check)")
    parser.add_argument("--pg-log", help="its log file")
    parser.add_argument("--log-dir", required=True)
    parser.add_argument("--schemathesis", help="the schemathesis executable")
    parser.add_argument("--quick", action="store_true", help="CI size: a few rounds, short load (about 1½ min)")
    parser.add_argument("--rounds", type=int, help="kill -9 rounds per operation (20 full, 3 quick)")
    parser.add_argument("--pg-rounds", type=int, help="PostgreSQL restarts per operation (2 full, 1 quick)")
    parser.add_argument("--seconds", type=int, help="load duration (60 full, 15 quick)")
    parser.add_argument("--storm-rounds", type=int, help="immediate PostgreSQL stops during uploads (40 full, 0 quick)")
    parser.add_argument("--examples", type=int, help="schemathesis examples per operation (50 full, 8 quick)")
    parser.add_argument("--only", help=f"comma-separated subset of {','.join(CHECKS)}")
    parser.add_argument("--seed", type=int, help="random seed (printed; the same seed aims kills the same way)")
    parser.add_argument("--keep", action="store_true", help="keep the databases at the end")
    return parser.parse_args()


def parameters(args):
    quick = args.quick
    params = {
        "kill_rounds": 3 if quick else 20,
        "kill_budget": 60 if quick else 200,      # seconds per operation at most
        "pg_rounds": 1 if quick else 2,
        "storm_rounds": 0 if quick else 40,
        "world_items": 300 if quick else 1200,
        "load_seconds": 15 if quick else 60,
        "load_clients": 64,
        "listing_samples": 30 if quick else 100,
        "st_examples": 8 if quick else 50,
        "st_seconds": 25 if quick else 120,
    }
    for key, value in (("kill_rounds", args.rounds), ("pg_rounds", args.pg_rounds), ("load_seconds", args.seconds),
                       ("st_examples", args.examples), ("storm_rounds", args.storm_rounds)):
        if value is not None:
            params[key] = value
    if args.rounds is not None:
        params["kill_budget"] = max(params["kill_budget"], args.rounds * 12)
    return params


class Suite:
    def __init__(self, args):
        self.args = args
        self.params = parameters(args)
        self.seed = args.seed if args.seed is not None else random.randrange(1, 10**6)
        self.rng = random.Random(self.seed)
        self.tag = f"{os.getpid()}"
        self.token = f"reliability-{random.randrange(16**24):024x}"
        self.log_dir = args.log_dir
        self.started = time.monotonic()
        self.database = f"nsb_rel_{os.getpid()}"
        self.admin_psql = Psql(args.psql, args.database_url)
        self.pg = Postgres(args.pg_bin, args.pg_data, args.pg_log) if args.pg_data else None
        self.instances = []
        self._st_instance = None
        self._lock = threading.Lock()

    def log(self, text):
        sys.stderr.write(f"reliability [+{time.monotonic() - self.started:.0f}s]: {text}\n")
        sys.stderr.flush()

    # Databases and instances --------------------------------------------------------------------------------

    def create_database(self, name):
        self.admin_psql.run(f"DROP DATABASE IF EXISTS {name}")
        self.admin_psql.run(f"CREATE DATABASE {name}")
        return with_database(self.args.database_url, name)

    def drop_databases(self):
        for name in (self.database, self.database + "_st"):
            try:
                self.admin_psql.run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            except Exception as error:  # noqa: BLE001
                self.log(f"could not drop {name}: {error}")

    def instance(self, name, url):
        env = {**os.environ, "DATABASE_URL": url, "NSBACKUP_ADMIN_TOKEN": self.token,
               "NSBACKUP_LOG_LEVEL": "notice"}
        instance = Instance(name, self.args.binary, env, self.log_dir)
        self.instances.append(instance)
        return instance

    def start(self):
        if self.pg is not None:
            # The throwaway server runs with synchronous_commit = off (scripts/lib.sh, for test speed): an
            # immediate shutdown would then lose commits already acknowledged, and the restart check would
            # report the server's durability setting as lost writes. Commits are made durable for this suite.
            self.admin_psql.run("ALTER SYSTEM SET synchronous_commit = on")
            self.admin_psql.run("SELECT pg_reload_conf()")
        self.url = self.create_database(self.database)
        self.psql = Psql(self.args.psql, self.url)
        self.a = self.instance("A", self.url)
        self.b = self.instance("B", self.url)
        # Both at once: migrations under their advisory lock must apply once.
        starts = [Background(instance.start) for instance in (self.a, self.b)]
        failures = [f"{i.name}: {s.error}" for s, i in zip(starts, (self.a, self.b)) if not s.join(120) or s.error]
        if failures:
            raise StartError(f"instances did not start: {failures}")
        self.log(f"instances A {self.a.endpoint.url} (pid {self.a.pid}), B {self.b.endpoint.url} (pid {self.b.pid})"
                 f" on database {self.database}; seed {self.seed}")

    def schemathesis_instance(self):
        if self._st_instance is None:
            url = self.create_database(self.database + "_st")
            self._st_instance = self.instance("S", url).start()
        return self._st_instance

    def ensure_running(self, instance):
        if not instance.alive():
            try:
                instance.start()
            except StartError as error:
                self.log(f"could not restart {instance.name}: {error}")

    def ensure_database(self):
        if self.pg is None:
            return
        try:
            self.psql.run("SELECT 1")
        except Exception:  # noqa: BLE001
            try:
                self.pg.start()
            except Exception as error:  # noqa: BLE001
                self.log(f"could not start PostgreSQL again: {error}")

    def client(self, instance, timeout=60):
        return Client(instance.endpoint, self.token, timeout=timeout)

    def api(self, instance):
        return Api(self.client(instance))

    def op_index(self, operation):
        return OPERATIONS.index(operation)

    def stop(self):
        for instance in self.instances:
            instance.stop()


def timed(result_or_list, started):
    results = result_or_list if isinstance(result_or_list, list) else [result_or_list]
    for result in results:
        result.seconds = time.monotonic() - started
    return results


def terminated(signum, _frame):
    """SIGTERM (a CI timeout, a `kill`) unwinds like an exception, so `main`'s `finally` still stops the instances
    (they run in sessions of their own and would outlive the suite) and drops the databases. A second SIGTERM (the
    whole process group is often signalled) does not interrupt that cleanup."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(128 + signum)


def main():
    signal.signal(signal.SIGTERM, terminated)
    args = parse()
    os.makedirs(args.log_dir, exist_ok=True)
    suite = Suite(args)
    selected = set((args.only or ",".join(CHECKS)).split(","))
    unknown = selected - set(CHECKS)
    if unknown:
        sys.exit(f"unknown checks {sorted(unknown)}; choose from {CHECKS}")
    results = []
    try:
        suite.start()
        world = None
        if selected & {"kill", "pg"}:
            started = time.monotonic()
            suite.log("building the world of the kill and restart checks")
            world = World(suite).build()
            for note in world.notes:
                finding = Result("restore fidelity (setup)")
                finding.fail(note)
                results.extend(timed(finding, started))
        if "kill" in selected:
            for operation in ("backup", "restore", "upload"):
                started = time.monotonic()
                suite.log(f"kill -9 during {operation}")
                results.extend(timed(guard(lambda: check_kill.run(suite, world, operation),
                                           f"kill -9 during {operation}"), started))
        if "pg" in selected:
            for operation in OPERATIONS:
                started = time.monotonic()
                suite.log(f"PostgreSQL restart during {operation}")
                results.extend(timed(guard(lambda: check_pgrestart.run(suite, world, operation),
                                           f"PostgreSQL restart during {operation}"), started))
            started = time.monotonic()
            suite.log("PostgreSQL stop storm during uploads")
            results.extend(timed(guard(lambda: check_pgrestart.upload_storm(suite, world),
                                       "PostgreSQL stop storm during uploads"), started))
        if "load" in selected:
            started = time.monotonic()
            suite.log("load")
            results.extend(timed(guard(lambda: check_load.run(suite), "load"), started))
        if "schemathesis" in selected:
            started = time.monotonic()
            suite.log("schemathesis")
            results.extend(timed(guard(lambda: check_schemathesis.run(suite), "schemathesis"), started))
    except Exception as error:  # noqa: BLE001
        broken = Result("suite setup")
        broken.fail(f"{type(error).__name__}: {error}")
        traceback.print_exc()
        results.append(broken)
    finally:
        suite.stop()
        if not args.keep:
            suite.drop_databases()
    print_table(results, sys.stdout)
    write_json(results, os.path.join(args.log_dir, "results.json"),
               {"seed": suite.seed, "params": suite.params, "seconds": round(time.monotonic() - suite.started, 1)})
    sys.stdout.write(f"logs and results.json in {args.log_dir}; seed {suite.seed}; "
                     f"{time.monotonic() - suite.started:.0f} s\n")
    sys.exit(1 if any(r.status == FAIL for r in results) else 0)


def guard(function, name):
    try:
        return function()
    except Exception as error:  # noqa: BLE001
        traceback.print_exc()
        broken = Result(name)
        broken.fail(f"the check itself broke: {type(error).__name__}: {error}")
        return broken


if __name__ == "__main__":
    main()
