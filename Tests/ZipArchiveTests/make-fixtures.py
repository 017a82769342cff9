#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates the hostile ZIP corpus in Fixtures/hostile and Fixtures/bombs.

Each archive breaks exactly one rule of ../../../shared/spec/archive.md ("Reading an archive that came from
outside"); HostileArchiveTests.swift lists the error code each must be refused with. The archives are built byte
by byte with struct.pack, independently of the Swift writer, so a bug shared by our writer and reader cannot hide.

Run from anywhere: python3 Tests/ZipArchiveTests/make-fixtures.py  (about 5 s; output is deterministic).
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
HOSTILE = os.path.join(HERE, "Fixtures", "hostile")
BOMBS = os.path.join(HERE, "Fixtures", "bombs")

DOS_TIME, DOS_DATE = 0x6000, 0x5A21  # 2025-01-01 12:00:00
UTF8 = 0x0800
DESCRIPTOR = 0x0008


def deflate(data, level=9):
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


class Entry:
    """One entry; every header field can be overridden separately in the local and the central header."""

    def __init__(self, name, content=b"", method=8, flags=UTF8, data=None, crc=None, size=None, csize=None):
        self.name = name if isinstance(name, bytes) else name.encode("utf-8")
        self.method = method
        self.flags = flags
        self.data = data if data is not None else (deflate(content) if method == 8 else content)
        self.crc = crc if crc is not None else zlib.crc32(content)
        self.size = size if size is not None else len(content)
        self.csize = csize if csize is not None else len(self.data)
        self.local = {}       # overrides for the local header: name, method, flags, crc, size, csize, extra
        self.central = {}     # overrides for the central header: same keys plus offset, disk
        self.descriptor = None  # bytes after the data
        self.gap = b""          # bytes between this entry and the next


def field(entry, overrides, key):
    return overrides.get(key, getattr(entry, key))


def local_header(e):
    o = e.local
    name = field(e, o, "name")
    extra = o.get("extra", b"")
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, field(e, o, "flags"), field(e, o, "method"), DOS_TIME,
                       DOS_DATE, field(e, o, "crc"), field(e, o, "csize"), field(e, o, "size"), len(name),
                       o.get("extra_length", len(extra))) + name + extra


def central_header(e, offset):
    o = e.central
    name = field(e, o, "name")
    extra = o.get("extra", b"")
    return struct.pack("<IHHHHHHIIIHHHHHII", o.get("signature", 0x02014B50), 0x032D, 20, field(e, o, "flags"),
                       field(e, o, "method"), DOS_TIME, DOS_DATE, field(e, o, "crc"), field(e, o, "csize"),
                       field(e, o, "size"), len(name), len(extra), 0, o.get("disk", 0), 0, 0o100644 << 16,
                       o.get("offset", offset)) + name + extra


def archive(entries, count=None, cd_offset=None, cd_size=None, disk=0, comment=b"", zip64_end=False):
    out = bytearray()
    offsets = []
    for e in entries:
        offsets.append(len(out))
        out += local_header(e) + e.data + (e.descriptor or b"") + e.gap
    directory = b"".join(central_header(e, off) for e, off in zip(entries, offsets))
    start = len(out)
    out += directory
    n = len(entries) if count is None else count
    if zip64_end:
        record = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 0x032D, 45, 0, 0, n, n, len(directory), start)
        out += struct.pack("<IIQI", 0x07064B50, 0, record, 1)
        n16, size32, off32 = 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF
    else:
        n16, size32, off32 = n, len(directory), start
    out += struct.pack("<IHHHHIIH", 0x06054B50, disk, disk, n16, n16,
                       cd_size if cd_size is not None else size32,
                       cd_offset if cd_offset is not None else off32, len(comment)) + comment
    return bytes(out)


def valid_entries():
    text = b"<order id='1'>Jane's first order</order>\n" * 40
    return [Entry("manifest.json", b'{"format":"nsbackup"}'), Entry("content/Orders/x", text),
            Entry("content/Orders/y", b"stored bytes", method=0)]


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def hostile():
    cases = {}
    base = archive(valid_entries())
    cases["valid.zip"] = base
    cases["not-a-zip.zip"] = b"This is a text file, not an archive.\n" * 20
    cases["empty-file.zip"] = b""
    cases["truncated-half.zip"] = base[: len(base) // 2]
    cases["truncated-end-record.zip"] = base[:-7]
    cases["directory-outside-file.zip"] = archive(valid_entries(), cd_offset=0x7FFF0000)

    def variant(name, change, **kwargs):
        entries = valid_entries()
        change(entries)
        cases[name] = archive(entries, **kwargs)

    def entry_offset_outside(es): es[1].central["offset"] = 0x10000000
    variant("entry-offset-outside.zip", entry_offset_outside)

    def csize_outside(es): es[1].central["csize"] = 0x7FFFFFF0; es[1].central["size"] = 0x7FFFFFF0 // 10
    variant("compressed-size-outside.zip", csize_outside)

    # Central offsets are computed from the real layout, so the bad signature must be patched in place.
    broken = bytearray(base)
    broken[0:4] = b"PK\x03\x05"
    cases["bad-local-signature.zip"] = bytes(broken)

    def bad_central(es): es[2].central["signature"] = 0x02014B51
    variant("bad-central-signature.zip", bad_central)

    zip64 = bytearray(archive(valid_entries(), zip64_end=True))
    record = len(zip64) - 22 - 20 - 56
    zip64[record:record + 4] = b"PK\x06\x05"
    cases["bad-zip64-end-record.zip"] = bytes(zip64)
    cases["zip64-end-records.zip"] = archive(valid_entries(), zip64_end=True)  # valid: must be read

    def same_offset(es): es[2].central["offset"] = 0; es[2].data = b""; es[2].gap = b"x" * 60
    variant("overlapping-entries.zip", same_offset)

    def into_directory(es): es[2].central["csize"] = es[2].csize + 40; es[2].central["size"] = es[2].size + 40
    variant("entry-overlaps-directory.zip", into_directory)

    def long_local_extra(es):
        # The local extra field claims 2,000 bytes, so the data would start inside the next entry.
        es[0].local["extra"] = b""
        es[0].local["extra_length"] = 2000
    variant("local-extra-overlaps-next.zip", long_local_extra)

    def rename(es): es[1].local["name"] = b"content/Orders/z"
    variant("local-name-mismatch.zip", rename)

    def method(es): es[2].local["method"] = 8
    variant("local-method-mismatch.zip", method)

    def size(es): es[1].local["size"] = es[1].size + 1
    variant("local-size-mismatch.zip", size)

    def crc(es): es[1].local["crc"] = es[1].crc ^ 1
    variant("local-crc-mismatch.zip", crc)

    def flags(es): es[1].local["flags"] = UTF8 | 0x0002
    variant("local-flags-mismatch.zip", flags)

    def descriptor(es):
        e = es[1]
        e.flags = UTF8 | DESCRIPTOR
        e.local.update(crc=0, size=0, csize=0)
        e.descriptor = struct.pack("<IIII", 0x08074B50, e.crc ^ 0xFF, e.csize, e.size)
    variant("descriptor-mismatch.zip", descriptor)

    def valid_descriptor(es):
        e = es[1]
        e.flags = UTF8 | DESCRIPTOR
        e.local.update(crc=0, size=0, csize=0)
        e.descriptor = struct.pack("<III", e.crc, e.csize, e.size)  # no signature: also allowed
    variant("descriptor-unsigned.zip", valid_descriptor)  # valid: must be read

    for name, bad in [("name-empty.zip", b""), ("name-absolute.zip", b"/etc/passwd"),
                      ("name-drive-letter.zip", b"C:/Windows/win.ini"),
                      ("name-dotdot.zip", b"content/../../etc/passwd"), ("name-dot.zip", b"content/./x"),
                      ("name-empty-segment.zip", b"content//x"), ("name-backslash.zip", b"content\\..\\x"),
                      ("name-nul.zip", b"content/x\x00.txt"), ("name-control.zip", b"content/x\ny"),
                      ("name-c1-control.zip", "content/x\u0085y".encode()),
                      ("name-invalid-utf8.zip", b"content/\xff\xfe"), ("name-overlong-utf8.zip", b"content/\xc0\xaf")]:
        def rename_both(es, bad=bad): es[1].name = bad
        variant(name, rename_both)

    def duplicate(es): es[2].name = es[1].name
    variant("duplicate-names.zip", duplicate)

    def file_and_folder(es): es[2].name = b"content/Orders/x/"; es[2].data = b""; es[2].size = es[2].csize = 0; es[2].crc = 0
    variant("duplicate-file-and-folder.zip", file_and_folder)

    def encrypted(es): es[1].flags |= 0x0001
    variant("encrypted.zip", encrypted)

    def strong(es): es[1].flags |= 0x0040
    variant("strong-encryption.zip", strong)

    def aes(es): es[1].method = 99
    variant("aes-encryption.zip", aes)

    def bzip2(es): es[1].method = 12
    variant("method-bzip2.zip", bzip2)

    def lzma(es): es[1].method = 14
    variant("method-lzma.zip", lzma)

    def crc_data(es): es[2].data = b"stored bytez"
    variant("crc-mismatch.zip", crc_data)

    def short(es):
        e = es[1]
        e.size += 100
    variant("size-mismatch-short.zip", short)

    def longer(es):
        e = es[1]
        e.size -= 100
        e.crc = zlib.crc32((b"<order id='1'>Jane's first order</order>\n" * 40)[: e.size])
    variant("size-mismatch-long.zip", longer)

    def garbage(es): es[1].data = bytes([0xFF]) * es[1].csize
    variant("corrupt-deflate.zip", garbage)

    def cut(es): es[1].data = es[1].data[:-5]; es[1].csize -= 5
    variant("deflate-cut-short.zip", cut)

    def stored_sizes(es): es[2].csize += 1; es[2].local["csize"] = es[2].csize; es[2].data += b"!"
    variant("stored-sizes-disagree.zip", stored_sizes)

    cases["count-too-high.zip"] = archive(valid_entries(), count=4)
    cases["multi-disk.zip"] = archive(valid_entries(), disk=1)

    def folder_data(es): es[2].name = b"content/folder/"
    variant("folder-with-data.zip", folder_data)

    def bad_extra(es): es[1].central["extra"] = struct.pack("<HH", 0x5455, 40) + b"\x01abcd"
    variant("central-extra-malformed.zip", bad_extra)

    def missing_zip64(es): es[1].central["size"] = 0xFFFFFFFF
    variant("zip64-extra-missing.zip", missing_zip64)

    for name, data in cases.items():
        write(HOSTILE, name, data)


def bombs():
    zeros = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = b"".join(c.compress(zeros) for _ in range(1024)) + c.flush()
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(zeros, crc)
    gib = 1 << 30

    # 1 GiB of zeros, honestly declared: refused when opened (entry size, then ratio 1,029 : 1).
    honest = Entry("content/zeros.bin", data=stream, crc=crc, size=gib)
    write(BOMBS, "zeros-1gib.zip", archive([honest]))

    # The same stream declared as 1,000 bytes: refused after inflating at most 1,001.
    lying = Entry("content/zeros.bin", data=stream, crc=zlib.crc32(bytes(1000)), size=1000)
    write(BOMBS, "zeros-1gib-lying.zip", archive([lying]))

    # Streamed style (bit 3, zeros in the local header), the central directory lying about the size.
    streamed = Entry("content/zeros.bin", data=stream, crc=zlib.crc32(bytes(4096)), size=4096, flags=UTF8 | DESCRIPTOR)
    streamed.local.update(crc=0, size=0, csize=0)
    streamed.descriptor = struct.pack("<IIII", 0x08074B50, streamed.crc, streamed.csize, streamed.size)
    write(BOMBS, "zeros-1gib-descriptor.zip", archive([streamed]))

    # Overlapping bomb (after D. Fifield, "A better zip bomb", 2019): every central entry's local header sits
    # inside the previous entry's data, so one kernel of compressed data is counted by every entry.
    # The kernel is incompressible (ratio about 1 : 1), so only the overlap can refuse this archive.
    content = bytes((i * 2654435761 >> 13) & 0xFF for i in range(1 << 16))
    kernel = deflate(content)
    count = 32
    header_size = 30 + len("content/part-00")
    entries = [Entry("content/part-%02d" % i, data=b"", crc=zlib.crc32(content), size=len(content),
                     csize=len(kernel) + header_size * (count - 1 - i)) for i in range(count)]
    out = bytearray()
    headers = []
    for e in entries:
        headers.append(len(out))
        out += local_header(e)
    out += kernel
    directory = b"".join(central_header(e, off) for e, off in zip(entries, headers))
    start = len(out)
    out += directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0)
    write(BOMBS, "overlap.zip", bytes(out))

    # 42.zip-style nesting: 16 archives of 16 archives of 16 entries of 1 GiB of zeros (4 TiB in all).
    def zip_of(children):
        return archive([Entry(name, data=deflate(data), crc=zlib.crc32(data), size=len(data)) for name, data in children])

    leaf = archive([Entry("page-%02d.txt" % i, data=stream, crc=crc, size=gib) for i in range(16)])
    middle = zip_of([("chapter-%02d.zip" % i, leaf) for i in range(16)])
    top = zip_of([("book-%02d.zip" % i, middle) for i in range(16)])
    write(BOMBS, "nested-42.zip", top)


if __name__ == "__main__":
    hostile()
    bombs()
