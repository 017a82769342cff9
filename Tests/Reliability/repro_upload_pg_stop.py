#!/usr/bin/env python3
"""Reproducer: PostgreSQL stopped (immediate) while uploads are in progress; every upload must answer 201 or 503.

Counts the answers over many rounds and prints each 500 with its request id (the instance's log, in --log-dir,
has the cause). Needs a PostgreSQL this script may stop and start (the data directory of a throwaway server):

  python3 Tests/Reliability/repro_upload_pg_stop.py --binary .build/release/nsbackup \\
      --database-url "$DATABASE_URL" --pg-bin /usr/lib/postgresql/15/bin --pg-data /tmp/nsbackup-pg.X/data \\
      --rounds 120 --items 1500
"""

import argparse
import os
import random
import time

from rel_api import Api, expect
from rel_fixtures import Background, fill, plan_content
from rel_http import Client, TransportError
from rel_procs import Instance, Postgres, Psql, with_database


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pg-bin", required=True)
    parser.add_argument("--pg-data", required=True)
    parser.add_argument("--rounds", type=int, default=120)
    parser.add_argument("--items", type=int, default=1500, help="items × 16 KiB in the archive's namespace")
    parser.add_argument("--log-dir", default="/tmp/nsbackup-repro-upload")
    args = parser.parse_args()
    os.makedirs(args.log_dir, exist_ok=True)
    admin = Psql(os.path.join(args.pg_bin, "psql"), args.database_url)
    admin.run("ALTER SYSTEM SET synchronous_commit = on")
    admin.run("SELECT pg_reload_conf()")
    admin.run("DROP DATABASE IF EXISTS nsb_repro_upload")
    admin.run("CREATE DATABASE nsb_repro_upload")
    token = f"repro-{random.randrange(16**24):024x}"
    env = {**os.environ, "DATABASE_URL": with_database(args.database_url, "nsb_repro_upload"),
           "NSBACKUP_ADMIN_TOKEN": token, "NSBACKUP_LOG_LEVEL": "warning"}
    instance = Instance("R", args.binary, env, args.log_dir).start()
    # pg_ctl runs as the server's owner: its log goes beside the data directory, which that user can write.
    pg = Postgres(args.pg_bin, args.pg_data, os.path.join(os.path.dirname(os.path.abspath(args.pg_data)), "postgres.log"))
    client = lambda: Client(instance.endpoint, token, timeout=60)  # noqa: E731
    api = Api(client())
    namespace = api.create_namespace("repro")["id"]
    fill(client, namespace, plan_content(1, args.items, 16384), permissions=False)
    backup = expect(api.create_backup(namespace, "repro", wait=120, timeout=150), 201).json()
    archive = expect(api.download(backup["id"]), 200).body
    started = time.monotonic()
    expect(api.upload(namespace, archive, "timing"), 201)
    window = time.monotonic() - started
    print(f"archive {len(archive)} bytes, upload {window * 1000:.0f} ms", flush=True)
    answers = {}
    try:
        for number in range(args.rounds):
            call = Background(lambda: Api(client()).upload(namespace, archive, f"u{number}"))
            time.sleep(random.uniform(0, window))
            pg.stop("immediate")
            call.join(60)
            pg.start()
            answer = call.result
            key = answer.status if answer is not None else f"no answer ({call.error})"
            answers[key] = answers.get(key, 0) + 1
            if answer is not None and answer.status not in (201, 503):
                print(f"round {number}: {answer.describe()[:240]}", flush=True)
            while True:
                try:
                    if client().get("/healthz", auth=False).status == 200:
                        break
                except TransportError:
                    pass
                time.sleep(0.05)
    finally:
        print(answers)
        instance.stop()
        admin.run("DROP DATABASE IF EXISTS nsb_repro_upload WITH (FORCE)")


if __name__ == "__main__":
    main()
