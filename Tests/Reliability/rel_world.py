"""The shared world of the kill -9 and PostgreSQL-restart checks: two source namespaces with different content,
a restore target, an upload namespace, a ready backup of each source with its archive, and measured durations
of each operation (the window in which kills and restarts are aimed)."""

import time

from rel_api import canonical, differences, expect
from rel_fixtures import fill, plan_content


def project(listing, full):
    """The listing itself (full) or only what a restore must carry even if timestamps are off."""
    if full:
        return listing
    keep_item = ("path", "kind", "contentType", "size", "sha256")
    return {"folders": [{"path": f["path"], "permissions": f.get("permissions")} for f in listing["folders"]],
            "items": [{k: i.get(k) for k in keep_item} for i in listing["items"]]}


class World:
    def __init__(self, suite):
        self.suite = suite
        self.ready = False
        self.notes = []          # findings made while building (restore fidelity, …)
        self.full_compare = True

    def build(self):
        suite = self.suite
        api = suite.api(suite.b)
        tag = suite.tag
        items = suite.params["world_items"]
        self.src1 = api.create_namespace(f"rel src one {tag}")["id"]
        self.src2 = api.create_namespace(f"rel src two {tag}")["id"]
        self.target = api.create_namespace(f"rel restore target {tag}")["id"]
        self.uploads = api.create_namespace(f"rel uploads {tag}")["id"]
        self.writes = api.create_namespace(f"rel writes {tag}")["id"]
        started = time.monotonic()
        fill(lambda: suite.client(suite.b), self.src1, plan_content(1, items, 16 * 1024, prefix="A"))
        fill(lambda: suite.client(suite.a), self.src2, plan_content(2, max(20, items // 2), 12 * 1024, prefix="B"))
        suite.log(f"world: filled two namespaces ({items} + {max(20, items // 2)} items) in "
                  f"{time.monotonic() - started:.1f} s")
        self.content1 = api.content(self.src1)
        self.content2 = api.content(self.src2)
        # Backups of both sources, timed: the window for backup kills.
        started = time.monotonic()
        answer = expect(api.create_backup(self.src1, "rel world backup one", wait=300, timeout=330), 201,
                        what="backup of src one with ?wait")
        self.backup_seconds = time.monotonic() - started
        self.backup1 = answer.json()
        self.backup2 = expect(api.create_backup(self.src2, "rel world backup two", wait=300, timeout=330), 201,
                              what="backup of src two").json()
        self.check_manifest(api, self.backup1["id"], self.content1, "backup one")
        suite.log(f"world: backup of {items} items took {self.backup_seconds:.2f} s "
                  f"({self.backup1['sizeBytes'] / 1e6:.1f} MB archive)")
        self.archive1 = expect(api.download(self.backup1["id"]), 200, what="download backup one").body
        self.archive2 = expect(api.download(self.backup2["id"]), 200, what="download backup two").body
        started = time.monotonic()
        uploaded = expect(api.upload(self.uploads, self.archive1, "rel world upload", timeout=300), 201,
                          what="upload of archive one").json()
        self.upload_seconds = time.monotonic() - started
        if uploaded["sha256"] != self.backup1["sha256"]:
            self.notes.append(f"an uploaded archive's sha256 {uploaded['sha256']} differs from the file's "
                              f"{self.backup1['sha256']}")
        suite.log(f"world: upload of {len(self.archive1) / 1e6:.1f} MB took {self.upload_seconds:.2f} s")
        started = time.monotonic()
        restore = expect(api.restore(self.target, self.backup1["id"], wait=300, timeout=330), 200,
                         what="restore of backup one into the target").json()
        self.restore_seconds = time.monotonic() - started
        if restore["status"] != "succeeded":
            raise AssertionError(f"the world's first restore did not succeed: {restore}")
        actual = api.content(self.target)
        if canonical(actual) != canonical(self.content1):
            self.full_compare = False
            self.notes.append("a restore does not bring back the content exactly (contract: paths, "
                              "permissions, kinds, content types, bytes, sizes, hashes and createdAt/updatedAt): "
                              + differences(self.content1, actual))
            if canonical(project(actual, False)) != canonical(project(self.content1, False)):
                raise AssertionError("restored content differs beyond timestamps: "
                                     + differences(project(self.content1, False), project(actual, False)))
        self.target_content = self.content1
        suite.log(f"world: restore took {self.restore_seconds:.2f} s")
        self.ready = True
        return self

    def check_manifest(self, api, backup_id, content, what):
        manifest = api.manifest(backup_id)
        shown = {"folders": manifest.get("folders", []), "items": manifest.get("items", [])}
        if canonical(project(shown, False)) != canonical(project(content, False)):
            raise AssertionError(f"the manifest of {what} does not list the namespace's content: "
                                 + differences(project(content, False), project(shown, False)))

    def same(self, expected, actual):
        return canonical(project(expected, self.full_compare)) == canonical(project(actual, self.full_compare))

    def diff(self, expected, actual):
        return differences(project(expected, self.full_compare), project(actual, self.full_compare))
