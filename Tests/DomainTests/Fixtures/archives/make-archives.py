#!/usr/bin/env python3
"""Makes the backup-archive fixtures of every content schema version, ONCE.

    python3 Tests/DomainTests/Fixtures/archives/make-archives.py

Writes v1/janes-services.zip (schema version 1) and v2/janes-services.zip (schema version 2) with Python's
zipfile, independently of our Swift writer. The archives are the project's record of what older versions wrote:
they are committed and never rewritten. This script refuses to overwrite an existing file; a new schema version
gets a new folder (v3/ ...) and a new function here, the old ones stay as they are.

Both hold the same namespace, "Jane's Services": folders with permissions, items of every kind, a unicode folder,
names that need escaping (':' '?', a Windows device name, a trailing dot), an empty item and binary bytes.
Timestamps and bytes are fixed, so the output is the same on every run.
"""
import hashlib
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
NAMESPACE = {"id": "6f1c3a52-8f0e-4a8e-9d3b-0c5e2a7b1d01", "name": "Jane's Services"}
T0 = "2021-03-11T15:47:11.123456Z"
T1 = "2021-03-12T08:00:00.000001Z"

FOLDERS = [
    ("/Orders", [("group:designers", "read"), ("group:order-team", "write"), ("user:jane", "admin")]),
    ("/Orders/Archive 2020", []),
    ("/Shared Libraries", [("group:everyone", "read")]),
    ("/Ünïcödé", [("user:zoë", "write")]),
]

PNG = bytes(range(256)) * 8 + b"\x89PNG\r\n\x1a\n"
ITEMS = [  # path, kind, content type (version 2), bytes
    ("/Orders/Archive 2020/Q1: report?.txt", "file", "text/plain", b"Q1 revenue went up.\n" * 40),
    ("/Orders/Order Form", "form", "application/xml", b"<form name='Order'><field name='qty'/></form>\n" * 30),
    ("/Orders/Order Model", "model", "application/xml", b"<model name='Order'><attr name='id'/></model>\n" * 30),
    ("/Orders/Order Service", "service", "application/xml", b"<service name='Order'><op name='place'/></service>\n" * 50),
    ("/Orders/notes.", "file", "application/octet-stream", b"a name with a trailing dot\n"),
    ("/Shared Libraries/Common.lib", "library", "application/xml", b"<library name='Common'/>\n" * 20),
    ("/Shared Libraries/logo.png", "file", "image/png", PNG),
    ("/Ünïcödé/CON.txt", "file", "text/plain", "Grüße aus Zürich — ünïcödé\n".encode() * 10),
    ("/Ünïcödé/empty.bin", "file", "application/octet-stream", b""),
]

RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    p + d for p in ("COM", "LPT") for d in "123456789¹²³"}


def escape_segment(segment):
    """The entry-name escaping of Sources/Domain/Archive/ArchiveEntryName.swift, steps 1-3."""
    out = bytearray()
    raw = segment.encode()
    i = 0
    while i < len(raw):
        b = raw[i]
        if b == 0xC2 and i + 1 < len(raw) and 0x80 <= raw[i + 1] <= 0x9F:
            out += b"%C2%" + b"%02X" % raw[i + 1]
            i += 2
            continue
        if b < 0x20 or b == 0x7F or chr(b) in '%<>:"|?*\\':
            out += b"%%%02X" % b
        else:
            out.append(b)
        i += 1
    if out[-1:] in (b".", b" "):
        out[-1:] = b"%%%02X" % out[-1]
    stem = out.split(b".")[0].rstrip(b" ").decode().upper()
    if stem in RESERVED:
        out[:1] = b"%%%02X" % out[0]
    return out.decode()


def entry_name(path):
    return "content/" + "/".join(escape_segment(s) for s in path.split("/")[1:])


def manifest(schema_version):
    return {
        "format": "nsbackup", "formatVersion": 1, "schemaVersion": schema_version, "appVersion": "0.9.0",
        "createdAt": T1, "backupName": "Jane's first backup", "namespace": NAMESPACE,
        "folderCount": len(FOLDERS), "itemCount": len(ITEMS), "totalBytes": sum(len(i[3]) for i in ITEMS),
    }


def folder_line(path, permissions, schema_version):
    if schema_version == 1:
        shaped = {}
        for principal, access in permissions:
            shaped.setdefault(access, []).append(principal)
    else:
        shaped = [{"principal": p, "access": a} for p, a in permissions]
    return {"path": path, "permissions": shaped, "createdAt": T0, "updatedAt": T1}


def item_line(path, kind, content_type, data, schema_version):
    line = {"path": path, "kind": kind, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "createdAt": T0, "updatedAt": T1, "entry": entry_name(path)}
    if schema_version >= 2:
        line["contentType"] = content_type
    return line


def jsonl(lines):
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()


def write(schema_version):
    target = os.path.join(HERE, "v%d" % schema_version, "janes-services.zip")
    if os.path.exists(target):
        sys.exit("%s exists: fixtures are never rewritten (see README.md)" % os.path.relpath(target))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    stamp = (2021, 3, 12, 8, 0, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        def add(name, data):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
        add("manifest.json", json.dumps(manifest(schema_version), indent=2, ensure_ascii=False).encode())
        add("folders.jsonl", jsonl(folder_line(p, perms, schema_version) for p, perms in FOLDERS))
        add("items.jsonl", jsonl(item_line(*item, schema_version) for item in ITEMS))
        for path, _, _, data in ITEMS:
            add(entry_name(path), data)
    print("wrote", os.path.relpath(target))


if __name__ == "__main__":
    write(1)
    write(2)
