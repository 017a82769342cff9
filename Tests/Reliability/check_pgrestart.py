"""PostgreSQL stopped (pg_ctl stop -m fast / immediate) in the middle of an operation, and started again.

Per round: the operation starts on instance A; after a random part of its measured duration PostgreSQL stops;
for a few seconds both instances are asked for /healthz, a /v1 listing and a new backup,
each of which must answer 503 with Retry-After; PostgreSQL starts again; both instances must report healthy again
by themselves (same processes); the operation must have ended cleanly (a job `failed` or finished, an upload 503 or
201, content writes 503 or acknowledged and then readable), nothing orphaned, and a new backup must work on both.
"""

import random
import threading
import time

from rel_api import Api
from rel_fixtures import Background, item_body
from rel_http import TransportError, sha256_hex
from rel_results import Result, ms

OUTAGE = 2.5            # seconds PostgreSQL stays down while the instances are probed
RECOVERY_LIMIT = 30.0   # seconds after PostgreSQL is back within which both instances must be healthy
JOB_LIMIT = 30.0        # seconds after PostgreSQL is back within which an interrupted job must have ended


def run(suite, world, operation):
    result = Result(f"PostgreSQL restart during {operation}")
    if suite.pg is None:
        return result.skip("DATABASE_URL was given: the suite restarts only a PostgreSQL it started itself")
    stats = {"probes": 0, "probe_max": 0.0, "recovery": [], "job_end": [], "outcomes": {}, "puts": {}}
    for number in range(1, suite.params["pg_rounds"] + 1):
        mode = ("fast", "immediate")[(number + suite.op_index(operation)) % 2]
        try:
            outcome = one_round(suite, world, operation, number, mode, result, stats)
            stats["outcomes"][f"{mode}: {outcome}"] = stats["outcomes"].get(f"{mode}: {outcome}", 0) + 1
            result.rounds = number
        except Exception as error:  # noqa: BLE001
            result.fail(f"round {number} ({mode}) broke: {type(error).__name__}: {error}")
            suite.ensure_database()
            suite.ensure_running(suite.a)
            suite.ensure_running(suite.b)
    result.note("outcomes " + ", ".join(f"{k} {v}" for k, v in sorted(stats["outcomes"].items())))
    if stats["puts"]:
        answers = ", ".join(f"{k}×{v}" for k, v in sorted(stats["puts"].items(), key=str))
        result.note(f"PUT answers {answers}; acknowledged writes lost {stats.get('lost', 0)}")
    result.note(f"outage probes {stats['probes']} (all 503 + Retry-After expected; slowest {ms(stats['probe_max'])})")
    if stats["recovery"]:
        result.note(f"healthy again after {max(stats['recovery']):.1f} s max")
    if stats["job_end"]:
        result.note(f"job ended ≤ {max(stats['job_end']):.1f} s after PostgreSQL was back")
    return result


def one_round(suite, world, operation, number, mode, result, stats):
    pids = (suite.a.pid, suite.b.pid)
    api_b = suite.api(suite.b)
    name = f"pg {operation} {suite.tag} {number}"
    writer = None
    before = None
    if operation == "backup":
        window = world.backup_seconds
        call = Background(lambda: Api(suite.client(suite.a)).create_backup(world.src1, name))
    elif operation == "restore":
        before = api_b.content(world.target)
        backup = world.backup2 if world.same(world.content1, before) else world.backup1
        expected = world.content2 if backup is world.backup2 else world.content1
        known = {r[0] for r in suite.psql.run(f"SELECT id FROM restores WHERE namespace_id = '{world.target}'")}
        window = world.restore_seconds
        call = Background(lambda: Api(suite.client(suite.a)).restore(world.target, backup["id"]))
    elif operation == "upload":
        window = world.upload_seconds
        call = Background(lambda: Api(suite.client(suite.a, timeout=120)).upload(world.uploads, world.archive1, name))
    else:
        window = 1.0
        writer = Writer(suite, world.writes, f"/pg{number}")
        call = None
    time.sleep(suite.rng.uniform(0.05, 0.8 * window))
    stopped_at = time.monotonic()
    suite.pg.stop(mode)
    probe_outage(suite, world, result, number, stats)
    suite.pg.start()
    back_at = time.monotonic()
    suite.log(f"pg {operation} round {number}: PostgreSQL down {back_at - stopped_at:.1f} s ({mode})")
    for instance in (suite.a, suite.b):
        healthy = wait_healthy(suite, instance, RECOVERY_LIMIT)
        if healthy is None:
            result.fail(f"round {number}: instance {instance.name} not healthy {RECOVERY_LIMIT:.0f} s after "
                        f"PostgreSQL was back")
        else:
            stats["recovery"].append(healthy)
    if (suite.a.pid, suite.b.pid) != pids or not (suite.a.alive() and suite.b.alive()):
        result.fail(f"round {number}: an instance exited during the outage "
                    f"(A {suite.a.process.poll()}, B {suite.b.process.poll()})")
        suite.ensure_running(suite.a)
        suite.ensure_running(suite.b)
    if call is not None:
        call.join(60)
    outcome = "?"
    if operation == "backup":
        status, seconds = wait_job(suite, f"SELECT status FROM backups WHERE name = '{name}'", back_at)
        outcome = status or "no row"
        if status == "creating":
            result.fail(f"round {number}: backup {name!r} still creating {JOB_LIMIT:.0f} s after PostgreSQL was back")
        elif status is None and call.result is not None and call.result.status == 202:
            result.fail(f"round {number}: the POST was acknowledged (202) but no backup row exists")
        elif status:
            stats["job_end"].append(seconds)
        after = api_b.content(world.src1)
        if not world.same(world.content1, after):
            result.fail(f"round {number}: the namespace changed during a backup: {world.diff(world.content1, after)}")
        check_answer(result, number, call, (202, 503), "POST backups")
    elif operation == "restore":
        sql = (f"SELECT status FROM restores WHERE namespace_id = '{world.target}' AND id NOT IN "
               f"({','.join(repr(k) for k in known) or 'NULL'}) ORDER BY started_at DESC LIMIT 1")
        status, seconds = wait_job(suite, sql, back_at)
        outcome = status or "no row"
        after = api_b.content(world.target)
        if status == "running":
            result.fail(f"round {number}: the restore is still running {JOB_LIMIT:.0f} s after PostgreSQL was back")
        elif status == "succeeded" and not world.same(expected, after):
            result.fail(f"round {number}: restore succeeded, content is not the backup's: "
                        f"{world.diff(expected, after)}")
        elif status in ("failed", None) and not world.same(before, after):
            result.fail(f"round {number}: restore {status or 'without a row'}, yet the namespace changed: "
                        f"{world.diff(before, after)}")
        if status:
            stats["job_end"].append(seconds)
        check_answer(result, number, call, (202, 503), "POST restore")
    elif operation == "upload":
        answered = check_answer(result, number, call, (201, 503), "upload")
        rows = suite.psql.run(f"SELECT status FROM backups WHERE name = '{name}'")
        outcome = f"{answered} / {rows[0][0] if rows else 'no row'}"
        if answered == 503 and rows:
            result.fail(f"round {number}: the upload answered 503 but left a backup ({rows[0][0]})")
        if answered == 201 and (not rows or rows[0][0] != "ready"):
            result.fail(f"round {number}: the upload answered 201 but the backup is {rows}")
    else:
        writer.stop()
        lost = writer.verify(result, number, api_b)
        for status, count in writer.answers.items():
            stats["puts"][status] = stats["puts"].get(status, 0) + count
        stats["lost"] = stats.get("lost", 0) + lost
        outcome = "written"
    orphan, dangling = suite.psql.orphans()
    if orphan or dangling:
        result.fail(f"round {number}: {orphan} orphaned large object(s), {dangling} backup(s) missing theirs")
    # Any job the outage interrupted (not only this round's) must end within the contract's 30 s.
    while suite.psql.unfinished_jobs() and time.monotonic() - back_at < JOB_LIMIT:
        time.sleep(0.2)
    stuck = suite.psql.unfinished_jobs()
    if stuck:
        result.fail(f"round {number}: jobs still unfinished {JOB_LIMIT:.0f} s after PostgreSQL was back: {stuck}")
    for instance in (suite.a, suite.b):
        answer = Api(suite.client(instance)).create_backup(world.src2, f"{name} after {instance.name}", wait=120,
                                                           timeout=150)
        if answer.status != 201 or answer.json()["status"] != "ready":
            result.fail(f"round {number}: a new backup on {instance.name} after the restart answered "
                        f"{answer.describe()}")
    return outcome


def check_answer(result, number, call, allowed, what):
    if call.error is not None:
        result.fail(f"round {number}: {what} got no HTTP answer: {call.error}")
        return None
    if call.result is None:
        result.fail(f"round {number}: {what} did not finish within 60 s of PostgreSQL's restart")
        return None
    answer = call.result
    if answer.status not in allowed:
        result.fail(f"round {number}: {what} answered {answer.describe()} (expected one of {allowed})")
    elif answer.status == 503 and not answer.header("retry-after"):
        result.fail(f"round {number}: {what} answered 503 without Retry-After")
    return answer.status


def probe_outage(suite, world, result, number, stats):
    """Requests to both instances while PostgreSQL is down: each must be a 503 with Retry-After."""
    deadline = time.monotonic() + OUTAGE
    targets = [("GET", "/healthz", None, False), ("GET", "/v1/namespaces", None, True),
               ("POST", f"/v1/namespaces/{world.src2}/backups", {"name": "during outage"}, True)]
    while time.monotonic() < deadline:
        for instance in (suite.a, suite.b):
            client = suite.client(instance, timeout=15)
            for method, path, body, auth in targets:
                started = time.monotonic()
                try:
                    answer = client.request(method, path, json_body=body, auth=auth)
                except TransportError as error:
                    result.fail(f"round {number}: {method} {path} on {instance.name} during the outage got no "
                                f"answer: {error}")
                    continue
                elapsed = time.monotonic() - started
                stats["probes"] += 1
                stats["probe_max"] = max(stats["probe_max"], elapsed)
                if answer.status != 503 or not answer.header("retry-after"):
                    result.fail(f"round {number}: {method} {path} on {instance.name} during the outage answered "
                                f"{answer.status} (Retry-After {answer.header('retry-after')!r}): "
                                f"{answer.describe()[:160]}")
                elif path != "/healthz" and answer.code != "unavailable":
                    result.fail(f"round {number}: {method} {path} 503 without code 'unavailable': {answer.describe()}")
                elif path == "/healthz" and answer.json().get("database") != "unreachable":
                    result.fail(f"round {number}: /healthz 503 body {answer.describe()}")
        time.sleep(0.2)


def wait_healthy(suite, instance, limit):
    started = time.monotonic()
    client = suite.client(instance, timeout=10)
    while time.monotonic() - started < limit:
        try:
            if client.get("/healthz", auth=False).status == 200 and \
                    client.get("/v1/namespaces").status == 200:
                return time.monotonic() - started
        except TransportError:
            pass
        time.sleep(0.1)
    return None


def wait_job(suite, sql, since):
    while True:
        rows = suite.psql.run(sql)
        status = rows[0][0] if rows else None
        if status not in ("creating", "running") or time.monotonic() - since > JOB_LIMIT:
            return status, time.monotonic() - since
        time.sleep(0.1)


class Writer:
    """Sequential item PUTs on instance A until stopped; remembers what was acknowledged."""

    def __init__(self, suite, namespace_id, prefix):
        self.api = Api(suite.client(suite.a, timeout=30))
        self.namespace_id = namespace_id
        self.prefix = prefix
        # A generator of its own, derived from the seed and the round: sharing suite.rng with the main thread would
        # interleave draws by timing, and --seed would no longer aim the kills and restarts the same way.
        self.rng = random.Random(f"{suite.seed} writer {prefix}")
        self.history = {}      # path -> [(sha, acknowledged)]
        self.answers = {}      # status -> count
        self.bad = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        index = 0
        while not self._stop.is_set():
            path = f"{self.prefix}/item {index % 20:02d}"
            data = item_body(self.rng, self.rng.randrange(200, 4000))
            index += 1
            try:
                answer = self.api.put_item(self.namespace_id, path, data)
                status = answer.status
            except TransportError as error:
                status, answer = "no answer", None
                self.bad.append(f"PUT {path}: {error}")
            self.answers[status] = self.answers.get(status, 0) + 1
            self.history.setdefault(path, []).append((sha256_hex(data), status in (200, 201)))
            if answer is not None and answer.status not in (200, 201, 503):
                self.bad.append(f"PUT {path} answered {answer.describe()}")
            elif answer is not None and answer.status == 503 and not answer.header("retry-after"):
                self.bad.append(f"PUT {path} answered 503 without Retry-After")
            time.sleep(0.02)

    def stop(self):
        self._stop.set()
        self._thread.join(60)

    def verify(self, result, number, api):
        for sentence in self.bad[:5]:
            result.fail(f"round {number}: {sentence}")
        listing = {item["path"]: item["sha256"] for item in api.content(self.namespace_id)["items"]}
        lost = 0
        for path, attempts in self.history.items():
            acked = [i for i, (_, ok) in enumerate(attempts) if ok]
            allowed = {sha for sha, _ in attempts[(acked[-1] if acked else 0):]}
            if listing.get(path) not in allowed and not (not acked and path not in listing):
                lost += 1
                result.fail(f"round {number}: write lost at {path}: stored {listing.get(path)}, "
                            f"last acknowledged {attempts[acked[-1]][0] if acked else None}")
        return lost


def upload_storm(suite, world):
    """Many short rounds: PostgreSQL stopped (immediate) at a random point of an upload and started at once. Each
    upload must answer 201 (and its backup exist) or 503 with Retry-After (and leave nothing); no other answer."""
    result = Result("PostgreSQL stop storm during uploads")
    if suite.pg is None:
        return result.skip("DATABASE_URL was given: the suite restarts only a PostgreSQL it started itself")
    rounds = suite.params["storm_rounds"]
    if rounds == 0:
        return result.skip("not in --quick (rare races need many rounds; run without --quick)")
    answers = {}
    for number in range(1, rounds + 1):
        name = f"storm upload {suite.tag} {number}"
        call = Background(lambda: Api(suite.client(suite.a, timeout=120)).upload(world.uploads, world.archive1, name))
        time.sleep(suite.rng.uniform(0, world.upload_seconds))
        suite.pg.stop("immediate")
        call.join(60)
        suite.pg.start()
        answered = check_answer(result, number, call, (201, 503), "upload")
        answers[answered] = answers.get(answered, 0) + 1
        if answered is not None and answered >= 500 and call.result.status != 503:
            suite.log(f"storm round {number}: upload answered {call.result.describe()[:200]}")
        rows = suite.psql.run(f"SELECT status FROM backups WHERE name = '{name}'")
        if answered == 201 and (not rows or rows[0][0] != "ready"):
            result.fail(f"round {number}: the upload answered 201 but the backup is {rows}")
        if answered == 503 and rows:
            result.fail(f"round {number}: the upload answered 503 but left a backup ({rows[0][0]})")
        for instance in (suite.a, suite.b):
            if wait_healthy(suite, instance, RECOVERY_LIMIT) is None:
                result.fail(f"round {number}: instance {instance.name} not healthy again")
        result.rounds = number
    orphan, dangling = suite.psql.orphans()
    if orphan or dangling:
        result.fail(f"{orphan} orphaned large object(s), {dangling} backup(s) missing theirs")
    result.note("answers " + ", ".join(f"{k}×{v}" for k, v in sorted(answers.items(), key=str)))
    result.note(f"orphan LOs {orphan}")
    return result
