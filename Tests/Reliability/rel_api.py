"""The nsbackup REST contract as the suite uses it (shared/spec/api.md), and content comparisons."""

import json
import time

from rel_http import Client, content_path, segment


class ApiError(Exception):
    pass


def expect(response, *statuses, what=""):
    if response.status not in statuses:
        raise ApiError(f"{what or 'request'}: expected {statuses}, got {response.describe()}")
    return response


class Api:
    def __init__(self, client: Client):
        self.client = client

    # Namespaces and content ----------------------------------------------------------------------------------

    def create_namespace(self, name):
        return expect(self.client.post("/v1/namespaces", {"name": name}), 201, what=f"create namespace {name!r}").json()

    def namespaces(self):
        return expect(self.client.get("/v1/namespaces"), 200, what="list namespaces").json()["namespaces"]

    def put_item(self, namespace_id, path, data, kind="file", content_type="application/octet-stream", timeout=None):
        return self.client.put(f"/v1/namespaces/{namespace_id}/items/{content_path(path)}?kind={kind}", body=data,
                               headers={"Content-Type": content_type}, timeout=timeout)

    def put_folder(self, namespace_id, path, permissions):
        return self.client.put(f"/v1/namespaces/{namespace_id}/folders/{content_path(path)}",
                               json_body={"permissions": permissions})

    def get_item(self, namespace_id, path):
        return self.client.get(f"/v1/namespaces/{namespace_id}/items/{content_path(path)}")

    def content(self, namespace_id):
        return expect(self.client.get(f"/v1/namespaces/{namespace_id}/content"), 200,
                      what=f"content of {namespace_id}").json()

    # Backups ------------------------------------------------------------------------------------------------

    def create_backup(self, namespace_id, name, wait=None, timeout=None):
        query = f"?wait={wait}" if wait is not None else ""
        return self.client.post(f"/v1/namespaces/{namespace_id}/backups{query}", {"name": name}, timeout=timeout)

    def backup(self, backup_id):
        return expect(self.client.get(f"/v1/backups/{backup_id}"), 200, what=f"backup {backup_id}").json()

    def backups(self, namespace_id=None):
        query = f"?namespaceId={namespace_id}" if namespace_id else ""
        return expect(self.client.get(f"/v1/backups{query}"), 200, what="list backups").json()["backups"]

    def download(self, backup_id):
        return self.client.get(f"/v1/backups/{backup_id}/archive")

    def manifest(self, backup_id):
        return expect(self.client.get(f"/v1/backups/{backup_id}/manifest"), 200, what=f"manifest {backup_id}").json()

    def upload(self, namespace_id, data, name, timeout=None):
        return self.client.post(f"/v1/namespaces/{namespace_id}/backups/upload?name={segment(name)}", body=data,
                                headers={"Content-Type": "application/zip"}, timeout=timeout)

    def wait_backup(self, backup_id, timeout=120.0):
        deadline = time.monotonic() + timeout
        while True:
            backup = self.backup(backup_id)
            if backup["status"] != "creating" or time.monotonic() > deadline:
                return backup
            time.sleep(0.1)

    # Restores -----------------------------------------------------------------------------------------------

    def restore(self, namespace_id, backup_id, wait=None, timeout=None):
        query = f"?wait={wait}" if wait is not None else ""
        return self.client.post(f"/v1/namespaces/{namespace_id}/restore{query}",
                                {"backupId": backup_id, "safetyBackup": False}, timeout=timeout)

    def restores(self, namespace_id):
        return expect(self.client.get(f"/v1/restores?namespaceId={namespace_id}"), 200,
                      what="list restores").json()["restores"]


# Content comparisons -------------------------------------------------------------------------------------------

def canonical(listing):
    """A content listing (or a manifest's folders and items) as comparable JSON text."""
    folders = sorted(listing.get("folders", []), key=lambda f: f["path"])
    items = sorted(listing.get("items", []), key=lambda i: i["path"])
    return json.dumps({"folders": folders, "items": items}, sort_keys=True)


def differences(expected, actual, limit=3):
    """A short sentence naming the first differences between two listings; '' when equal."""
    notes = []
    for kind in ("folders", "items"):
        left = {entry["path"]: entry for entry in expected.get(kind, [])}
        right = {entry["path"]: entry for entry in actual.get(kind, [])}
        for path in sorted(set(left) - set(right))[:limit]:
            notes.append(f"{kind[:-1]} {path!r} missing")
        for path in sorted(set(right) - set(left))[:limit]:
            notes.append(f"{kind[:-1]} {path!r} unexpected")
        for path in sorted(set(left) & set(right)):
            if left[path] != right[path]:
                fields = sorted(k for k in set(left[path]) | set(right[path])
                                if left[path].get(k) != right[path].get(k))
                detail = ", ".join(f"{k}: {left[path].get(k)!r} != {right[path].get(k)!r}" for k in fields[:3])
                notes.append(f"{kind[:-1]} {path!r} differs ({detail})")
                if len(notes) >= limit * 2:
                    break
    return "; ".join(notes[: limit * 2])


def same_content(expected, actual):
    return canonical(expected) == canonical(actual)
