"""Namespaces filled with content through the API, and small concurrency helpers."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

from rel_api import Api, ApiError, expect

KINDS = ("service", "model", "form", "library", "file")


def item_body(rng, size):
    """Bytes that deflate about 2:1: BPMN-like XML around random hex, so archives have a real size."""
    head = (f'<?xml version="1.0"?><definitions id="d{rng.randrange(10**9)}">'
            f'<process name="p{rng.randrange(10**6)}">').encode()
    tail = b"</process></definitions>\n"
    middle = max(0, size - len(head) - len(tail))
    noise = rng.randbytes(middle // 4).hex().encode()
    filler = (b"<task/>" * (middle // 7 + 1))[: middle - len(noise)]
    return head + noise + filler + tail


def plan_content(seed, items, item_size, folders=10, prefix=""):
    """[(path, kind, content_type, bytes)] — deterministic for a seed, spread over `folders` folders."""
    rng = random.Random(seed)
    plan = []
    for index in range(items):
        folder = f"/{prefix}F{index % folders:02d}"
        sub = f"/Sub {index % 3}" if index % 4 == 0 else ""
        kind = KINDS[index % len(KINDS)]
        path = f"{folder}{sub}/{kind} {index:05d}"
        size = max(64, int(item_size * rng.uniform(0.5, 1.5)))
        plan.append((path, kind, "application/xml" if kind != "file" else "application/octet-stream",
                     item_body(rng, size)))
    return plan


def fill(client_factory, namespace_id, plan, threads=8, permissions=True):
    """PUTs every planned item (8 at a time), then folder permissions on the top folders."""
    def put(entry):
        api = Api(client_factory())
        path, kind, content_type, data = entry
        expect(api.put_item(namespace_id, path, data, kind=kind, content_type=content_type), 200, 201,
               what=f"PUT item {path}")

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(put, plan))
    if permissions:
        api = Api(client_factory())
        tops = sorted({path.split("/")[1] for path, *_ in plan})
        for index, top in enumerate(tops[:4]):
            access = ("read", "write", "admin")[index % 3]
            expect(api.put_folder(namespace_id, f"/{top}", [{"principal": f"group:g{index}", "access": access}]),
                   200, 201, what=f"PUT folder /{top}")


def parallel(function, arguments, threads=8):
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(function, arguments))


class Background:
    """Runs a function on a thread and keeps its result or exception."""

    def __init__(self, function, *args):
        self.result = None
        self.error = None
        self._thread = threading.Thread(target=self._run, args=(function, args), daemon=True)
        self._thread.start()

    def _run(self, function, args):
        try:
            self.result = function(*args)
        except BaseException as error:  # noqa: BLE001 — kept for the caller to judge
            self.error = error

    def join(self, timeout=None):
        self._thread.join(timeout)
        return not self._thread.is_alive()


__all__ = ["ApiError", "Background", "fill", "item_body", "parallel", "plan_content"]
