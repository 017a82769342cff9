"""Load: 64 clients for N seconds over 8 namespaces, spread over both instances.

Soundness of the lost-write check: content writes go only to the four "write" namespaces W0–W3, which are never
restored; restores go only to the four "restore" namespaces R0–R3, which are never written. Every client owns its
item paths (no two clients write one path), so for each path the last acknowledged PUT is the value that must be
stored — unless a later PUT got no answer, in which case that later value is allowed too. Each client also reads
its own paths back during the run (read-your-writes across instances). A restore target must end equal to the
manifest of its last succeeded restore.
"""

import threading
import time
import uuid

from rel_api import Api, canonical, differences, expect
from rel_fixtures import fill, item_body, parallel, plan_content
from rel_http import TransportError, sha256_hex
from rel_results import Result, latency_summary, ms, percentile

WEIGHTS = (("list backups", 12), ("list namespaces", 4), ("content", 8), ("get item", 12), ("put item", 36),
           ("download", 10), ("backup", 5), ("restore", 5))
JOB_SLOTS = 6
PATHS_PER_CLIENT = 8


def run(suite):
    result = Result("load: 64 clients, mixed")
    listing = Result("listing 1,000 backups")
    load = Load(suite, result)
    load.setup(listing)
    load.run(suite.params["load_seconds"])
    load.verify()
    load.report(listing)
    return [result, listing]


class Load:
    def __init__(self, suite, result):
        self.suite = suite
        self.result = result
        self.lock = threading.Lock()
        self.latency = {name: [] for name, _ in WEIGHTS}
        self.statuses = {}
        self.server_errors = []
        self.transport_errors = []
        self.unexpected = []
        self.stale_reads = []
        self.history = {}       # (namespace, path) -> [(sha, acknowledged)]
        self.restorable = []    # ready backups of the W namespaces
        self.job_slots = threading.Semaphore(JOB_SLOTS)
        self.requests = 0

    # Setup --------------------------------------------------------------------------------------------------

    def setup(self, listing):
        suite = self.suite
        api = suite.api(suite.b)
        self.writes = [api.create_namespace(f"rel load W{i} {suite.tag}")["id"] for i in range(4)]
        self.targets = [api.create_namespace(f"rel load R{i} {suite.tag}")["id"] for i in range(4)]
        for index, namespace in enumerate(self.writes):
            fill(lambda: suite.client(suite.a), namespace, plan_content(100 + index, 40, 4096, prefix="L"),
                 permissions=index == 0)
        for namespace in self.writes:
            backup = expect(api.create_backup(namespace, "load seed", wait=120, timeout=150), 201,
                            what="seed backup").json()
            self.restorable.append(backup)
        started = time.monotonic()
        have = len(api.backups())
        wanted = max(0, 1000 - have)
        if wanted:
            tiny = api.create_namespace(f"rel tiny {suite.tag}")["id"]
            expect(api.put_item(tiny, "/tiny", b"tiny"), 201, what="tiny item")
            seed = expect(api.create_backup(tiny, "tiny", wait=60, timeout=90), 201, what="tiny backup").json()
            archive = expect(api.download(seed["id"]), 200, what="tiny archive").body

            def upload(index):
                client = suite.client((suite.a, suite.b)[index % 2])
                expect(Api(client).upload(self.writes[index % 4], archive, f"tiny {index:04d}"), 201,
                       what="tiny upload")
            parallel(upload, range(max(0, wanted - 1)), threads=8)
            expect(suite.client(suite.b).delete(f"/v1/namespaces/{tiny}"), 204, what="delete tiny namespace")
        self.backup_count = len(api.backups())
        suite.log(f"load: {self.backup_count} backups exist ({wanted} made in {time.monotonic() - started:.1f} s)")
        samples = []
        for index in range(suite.params["listing_samples"]):
            client = suite.client((suite.a, suite.b)[index % 2])
            answer = expect(client.get("/v1/backups"), 200, what="list backups")
            samples.append(answer.elapsed)
        self.idle_listing = samples
        self.listing_bytes = len(answer.body)

    # The run ------------------------------------------------------------------------------------------------

    def run(self, seconds):
        self.seconds = seconds
        deadline = time.monotonic() + seconds
        clients = self.suite.params["load_clients"]
        threads = [threading.Thread(target=self.client_loop, args=(number, deadline), daemon=True)
                   for number in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        # One deadline for all the joins: a thread that overran eats the others' grace, so the wait is 180 s at most.
        grace_end = deadline + 180
        for thread in threads:
            thread.join(max(0.0, grace_end - time.monotonic()))
        self.elapsed = time.monotonic() - started
        alive = sum(thread.is_alive() for thread in threads)
        if alive:
            self.result.fail(f"{alive} client thread(s) still busy 180 s after the end of the run")

    def client_loop(self, number, deadline):
        suite = self.suite
        rng = __import__("random").Random(suite.seed * 1000 + number)
        apis = [Api(suite.client(suite.a, timeout=90)), Api(suite.client(suite.b, timeout=90))]
        namespace = self.writes[number % 4]
        paths = [f"/load/c{number:02d}/item {k}" for k in range(PATHS_PER_CLIENT)]
        total = sum(w for _, w in WEIGHTS)
        while time.monotonic() < deadline:
            pick = rng.uniform(0, total)
            for operation, weight in WEIGHTS:
                pick -= weight
                if pick <= 0:
                    break
            if operation in ("backup", "restore"):
                if not self.job_slots.acquire(blocking=False):
                    operation = "put item"
                else:
                    try:
                        self.timed(operation, rng.choice(apis), rng, namespace, paths)
                    finally:
                        self.job_slots.release()
                    continue
            self.timed(operation, rng.choice(apis), rng, namespace, paths)

    def timed(self, operation, api, rng, namespace, paths):
        try:
            answer, allowed = self.do(operation, api, rng, namespace, paths)
        except TransportError as error:
            with self.lock:
                self.transport_errors.append(f"{operation}: {error}")
            return
        with self.lock:
            self.requests += 1
            self.latency[operation].append(answer.elapsed)
            self.statuses[answer.status] = self.statuses.get(answer.status, 0) + 1
            if answer.status >= 500:
                self.server_errors.append(f"{operation}: {answer.describe()[:200]}")
            elif answer.status not in allowed:
                self.unexpected.append(f"{operation}: {answer.describe()[:200]}")

    def do(self, operation, api, rng, namespace, paths):
        if operation == "list backups":
            return api.client.get("/v1/backups"), (200,)
        if operation == "list namespaces":
            return api.client.get("/v1/namespaces"), (200,)
        if operation == "content":
            return api.client.get(f"/v1/namespaces/{rng.choice(self.writes + self.targets)}/content"), (200,)
        if operation == "put item":
            path = rng.choice(paths)
            data = item_body(rng, rng.randrange(256, 16384))
            key = (namespace, path)
            try:
                answer = api.put_item(namespace, path, data)
            except TransportError:
                self.history.setdefault(key, []).append((sha256_hex(data), False))
                raise
            self.history.setdefault(key, []).append((sha256_hex(data), answer.status in (200, 201)))
            return answer, (200, 201)
        if operation == "get item":
            path = rng.choice(paths)
            attempts = self.history.get((namespace, path))
            answer = api.get_item(namespace, path)
            if attempts and answer.status == 200:
                acked = [i for i, (_, ok) in enumerate(attempts) if ok]
                allowed = {sha for sha, _ in attempts[(acked[-1] if acked else 0):]}
                if sha256_hex(answer.body) not in allowed:
                    with self.lock:
                        self.stale_reads.append(f"{path} read {sha256_hex(answer.body)[:12]} after acknowledged "
                                                f"{attempts[acked[-1]][0][:12] if acked else None}")
            return answer, ((200,) if attempts and any(ok for _, ok in attempts) else (200, 404))
        if operation == "download":
            backup = rng.choice(self.restorable)
            answer = api.download(backup["id"])
            if answer.status == 200 and sha256_hex(answer.body) != backup["sha256"]:
                with self.lock:
                    self.unexpected.append(f"download of {backup['id']}: bytes do not match its sha256")
            return answer, (200,)
        if operation == "backup":
            answer = api.create_backup(rng.choice(self.writes), f"load {uuid.uuid4().hex[:8]}", wait=60)
            if answer.status == 201:
                with self.lock:
                    self.restorable.append(answer.json())
            return answer, (201, 202)
        if operation == "restore":
            backup = rng.choice(self.restorable)
            return api.restore(rng.choice(self.targets), backup["id"], wait=60), (200, 202, 409)
        raise AssertionError(operation)

    # Afterwards ---------------------------------------------------------------------------------------------

    def verify(self):
        suite, result = self.suite, self.result
        deadline = time.monotonic() + 120
        while suite.psql.unfinished_jobs() and time.monotonic() < deadline:
            time.sleep(0.5)
        stuck = suite.psql.unfinished_jobs()
        if stuck:
            result.fail(f"{len(stuck)} job(s) still unfinished 120 s after the load: {stuck[:3]}")
        api = suite.api(suite.b)
        lost = 0
        for namespace in self.writes:
            stored = {item["path"]: item["sha256"] for item in api.content(namespace)["items"]}
            for (ns, path), attempts in self.history.items():
                if ns != namespace:
                    continue
                acked = [i for i, (_, ok) in enumerate(attempts) if ok]
                allowed = {sha for sha, _ in attempts[(acked[-1] if acked else 0):]}
                if stored.get(path) not in allowed and (acked or path in stored):
                    lost += 1
                    if lost <= 5:
                        result.fail(f"lost write: {path} in W{self.writes.index(ns)} holds {stored.get(path)}, "
                                    f"last acknowledged {attempts[acked[-1]][0] if acked else None}")
        self.lost = lost
        for index, target in enumerate(self.targets):
            done = [r for r in api.restores(target) if r["status"] == "succeeded"]
            if not done:
                continue
            manifest = api.manifest(done[0]["backupId"])
            expected = {"folders": manifest["folders"], "items": manifest["items"]}
            actual = api.content(target)
            keep = ("path", "kind", "contentType", "size", "sha256")
            reduce = lambda listing: {"folders": [{"path": f["path"]} for f in listing["folders"]],  # noqa: E731
                                      "items": [{k: i[k] for k in keep} for i in listing["items"]]}
            if canonical(reduce(expected)) != canonical(reduce(actual)):
                result.fail(f"R{index} is not the content of its last succeeded restore "
                            f"{done[0]['id']}: {differences(reduce(expected), reduce(actual))}")
        orphan, dangling = suite.psql.orphans()
        if orphan or dangling:
            result.fail(f"{orphan} orphaned large object(s), {dangling} backup(s) missing theirs after the load")
        if self.server_errors:
            result.fail(f"{len(self.server_errors)} 5xx answer(s), e.g. {self.server_errors[:3]}")
        if self.transport_errors:
            result.fail(f"{len(self.transport_errors)} request(s) without an answer, e.g. {self.transport_errors[:3]}")
        if self.unexpected:
            result.fail(f"{len(self.unexpected)} unexpected answer(s), e.g. {self.unexpected[:3]}")
        if self.stale_reads:
            result.fail(f"{len(self.stale_reads)} read(s) of an item older than its last acknowledged write, "
                        f"e.g. {self.stale_reads[:3]}")
        for instance in (suite.a, suite.b):
            if not instance.alive():
                result.fail(f"instance {instance.name} exited during the load")

    def report(self, listing):
        result = self.result
        result.rounds = 1
        five = sum(v for k, v in self.statuses.items() if k >= 500)
        result.note(f"{self.suite.params['load_clients']} clients × {self.seconds} s: {self.requests} requests, "
                    f"{self.requests / self.elapsed:.0f}/s")
        result.note(f"5xx {five}, no answer {len(self.transport_errors)}, lost writes {self.lost}, "
                    f"stale reads {len(self.stale_reads)}")
        result.note("status " + ", ".join(f"{k}×{v}" for k, v in sorted(self.statuses.items())))
        for operation, _ in WEIGHTS:
            values = self.latency[operation]
            if values:
                result.note(f"{operation}: n={len(values)} p50 {ms(percentile(values, 0.5))} "
                            f"p99 {ms(percentile(values, 0.99))}")
        listing.rounds = len(self.idle_listing)
        listing.note(f"{self.backup_count} backups, {self.listing_bytes / 1e3:.0f} kB JSON")
        listing.note(f"idle: {latency_summary(self.idle_listing)}")
        listing.note(f"under load: {latency_summary(self.latency['list backups'])}")
