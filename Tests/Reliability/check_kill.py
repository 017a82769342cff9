"""kill -9 of one instance during a backup, a restore and an upload, with the second instance running.

Each round aims the kill at a random point of the operation's measured duration, restarts the killed instance at
once (upload rounds, odd backup and restore rounds) or only once the job has ended (even backup and restore rounds:
the survivor alone must end it), waits (through psql, independent of both instances) until the job is no longer
`creating`/`running`, and checks: the namespace equals its before- or after-state as the final status says; a
ready backup lists the namespace's content; no large object is orphaned or missing; the survivor kept serving.
"""

import time

from rel_api import Api
from rel_fixtures import Background
from rel_http import TransportError
from rel_results import Result

STUCK_LIMIT = 10.0      # what this suite demands (the contract allows 30 s)
WAIT_LIMIT = 45.0       # how long a round waits for the job to end before calling it stuck


def run(suite, world, operation):
    result = Result(f"kill -9 during {operation}")
    rounds = suite.params["kill_rounds"]
    window = {"backup": world.backup_seconds, "restore": world.restore_seconds,
              "upload": world.upload_seconds}[operation]
    budget = suite.params["kill_budget"]
    budget_end = time.monotonic() + budget
    outcomes, waits = {}, {True: [], False: []}
    for number in range(1, rounds + 1):
        if time.monotonic() > budget_end:
            message = f"only {number - 1} of the {rounds} requested rounds ran within the {budget} s time budget"
            if suite.args.quick:
                result.note(message)
            else:
                result.fail(message + " (a full run must do them all)")
            break
        delay = suite.rng.uniform(0.0, 1.25 * window)
        try:
            outcome, waited = ROUNDS[operation](suite, world, number, delay, result)
        except Exception as error:  # noqa: BLE001 — a round that broke is a failure, the next one still runs
            result.fail(f"round {number} (kill after {delay:.2f} s) broke: {type(error).__name__}: {error}")
            suite.ensure_running(suite.a)
            continue
        result.rounds = number
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if waited is not None:
            at_once, waited = waited
            waits[at_once].append(waited)
            if waited > STUCK_LIMIT:
                result.fail(f"round {number}: the job stayed unfinished {waited:.1f} s after the kill "
                            f"(limit {STUCK_LIMIT:.0f} s; contract 30 s)")
        check_survivor(suite, result, number)
    orphan, dangling = suite.psql.orphans()
    if orphan or dangling:
        result.fail(f"after all rounds: {orphan} orphaned large object(s), {dangling} ready backup(s) without one")
    result.note("outcomes " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    result.note(f"kill at 0–{1.25 * window:.1f} s")
    for at_once, label in ((True, "killed one restarted at once"), (False, "survivor alone")):
        if waits[at_once]:
            values = waits[at_once]
            result.note(f"job ended after the kill ({label}): max {max(values):.1f} s, avg "
                        f"{sum(values) / len(values):.1f} s")
    result.note(f"orphan LOs {orphan}")
    return result


def check_survivor(suite, result, number):
    if not suite.b.alive():
        result.fail(f"round {number}: the second instance died (exit {suite.b.process.returncode})")
        suite.ensure_running(suite.b)
        return
    try:
        health = suite.client(suite.b, timeout=10).get("/healthz", auth=False)
        if health.status != 200:
            result.fail(f"round {number}: the second instance's /healthz answered {health.describe()}")
    except TransportError as error:
        result.fail(f"round {number}: the second instance did not answer /healthz: {error}")


def kill_and_restart(suite, delay, request, at_once=True):
    """Sends `request` (a function of a fresh Api on instance A) in the background, kills A after `delay`, and
    restarts A in the background at once, or (at_once False) not yet: then only the survivor's reaper can end the
    job, and the caller restarts A afterwards. Returns (kill time, the request's Background, the restart's
    Background or None)."""
    call = Background(request, Api(suite.client(suite.a, timeout=120)))
    time.sleep(delay)
    killed_at = suite.a.kill9()
    restart = Background(suite.a.start) if at_once else None
    call.join(30)
    return killed_at, call, restart


def wait_final(suite, sql, killed_at):
    """Polls `sql` (one row: status) until it is neither creating nor running; returns (status or None, seconds
    after the kill when that was seen)."""
    while True:
        rows = suite.psql.run(sql)
        status = rows[0][0] if rows else None
        now = time.monotonic()
        if status not in ("creating", "running") or now - killed_at > WAIT_LIMIT:
            return status, now - killed_at
        time.sleep(0.05)


def finish_restart(suite, restart, result, number):
    if restart is None:
        restart = Background(suite.a.start)
    if not restart.join(120) or restart.error:
        result.fail(f"round {number}: the killed instance did not start again: {restart.error}")
        suite.ensure_running(suite.a)


def check_storage(suite, result, number):
    orphan, dangling = suite.psql.orphans()
    if orphan or dangling:
        result.fail(f"round {number}: {orphan} orphaned large object(s), {dangling} ready backup(s) whose large "
                    f"object is missing")


def backup_round(suite, world, number, delay, result):
    name = f"kill backup {suite.tag} {number}"
    killed_at, call, restart = kill_and_restart(suite, delay, lambda api: api.create_backup(world.src1, name),
                                                at_once=number % 2 == 1)
    status, waited = wait_final(suite, f"SELECT status FROM backups WHERE name = '{name}'", killed_at)
    finish_restart(suite, restart, result, number)
    api = suite.api(suite.b)
    after = api.content(world.src1)
    if not world.same(world.content1, after):
        result.fail(f"round {number}: a backup changed its namespace: {world.diff(world.content1, after)}")
    rows = suite.psql.run(f"SELECT status, archive_oid IS NOT NULL, coalesce(error, ''), id FROM backups "
                          f"WHERE name = '{name}'")
    if status in ("creating", "running"):
        result.fail(f"round {number}: backup {name!r} still {status} {waited:.1f} s after the kill")
    elif status == "ready":
        world.check_manifest(api, rows[0][3], world.content1, f"round {number}'s backup")
    elif status == "failed":
        if rows[0][1] == "t" or not rows[0][2]:
            result.fail(f"round {number}: a failed backup keeps an archive or has no error: {rows[0]}")
    elif status is None and call.result is not None and call.result.status in (201, 202):
        result.fail(f"round {number}: the POST was acknowledged ({call.result.status}) but no backup row exists")
    check_storage(suite, result, number)
    return status or "no row", ((number % 2 == 1, waited) if status else None)


def restore_round(suite, world, number, delay, result):
    api = suite.api(suite.b)
    before = api.content(world.target)
    if world.same(world.content1, before):
        backup, expected = world.backup2, world.content2
    else:
        backup, expected = world.backup1, world.content1
    known = {row[0] for row in suite.psql.run(f"SELECT id FROM restores WHERE namespace_id = '{world.target}'")}
    killed_at, call, restart = kill_and_restart(suite, delay, lambda a: a.restore(world.target, backup["id"]),
                                                at_once=number % 2 == 1)
    sql = (f"SELECT status FROM restores WHERE namespace_id = '{world.target}' AND id NOT IN "
           f"({','.join(repr(k) for k in known) or 'NULL'}) ORDER BY started_at DESC LIMIT 1")
    status, waited = wait_final(suite, sql, killed_at)
    finish_restart(suite, restart, result, number)
    after = api.content(world.target)
    if status == "succeeded":
        if not world.same(expected, after):
            result.fail(f"round {number}: the restore succeeded but the namespace is not the backup's content: "
                        f"{world.diff(expected, after)}")
    elif status in ("failed", None):
        if not world.same(before, after):
            result.fail(f"round {number}: the restore ended {status or 'without a row'} but the namespace changed: "
                        f"{world.diff(before, after)}")
        if status is None and call.result is not None and call.result.status in (200, 202):
            result.fail(f"round {number}: the POST was acknowledged ({call.result.status}) but no restore row exists")
    else:
        result.fail(f"round {number}: the restore is still {status} {waited:.1f} s after the kill")
    check_storage(suite, result, number)
    return status or "no row", ((number % 2 == 1, waited) if status else None)


def upload_round(suite, world, number, delay, result):
    name = f"kill upload {suite.tag} {number}"
    archive, backup = (world.archive1, world.backup1) if number % 2 else (world.archive2, world.backup2)
    killed_at, call, restart = kill_and_restart(
        suite, delay, lambda api: api.upload(world.uploads, archive, name, timeout=120))
    finish_restart(suite, restart, result, number)
    rows = suite.psql.run(f"SELECT status, sha256, size_bytes, archive_oid IS NOT NULL, id FROM backups "
                          f"WHERE name = '{name}'")
    answered = call.result.status if call.result is not None else None
    if len(rows) > 1:
        result.fail(f"round {number}: one upload made {len(rows)} backups")
    if rows:
        status, sha, size, has_archive, _ = rows[0]
        if status != "ready" or sha != backup["sha256"] or int(size) != len(archive) or has_archive != "t":
            result.fail(f"round {number}: the upload left a backup that is not the file: {rows[0]}")
        outcome = "committed" if answered == 201 else "committed, unanswered"
    else:
        if answered == 201:
            result.fail(f"round {number}: the upload was acknowledged (201) but no backup exists")
        outcome = "nothing left"
    check_storage(suite, result, number)
    return outcome, None


ROUNDS = {"backup": backup_round, "restore": restore_round, "upload": upload_round}
