"""Files built byte by byte for reader tests (no office program needed)."""

from __future__ import annotations

import struct


def compound_file(streams: list[str]) -> bytes:
    """A minimal, well-formed OLE2 compound file (MS-CFB v3) with the given empty streams."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, end, 0, end)
    struct.pack_into("<I", header, 0x44, 0)  # number of DIFAT sectors
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))  # FAT is sector 0
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))
    directory = bytearray(512)
    names = ["Root Entry", *streams]
    assert len(names) <= 4
    for i, name in enumerate(names):
        entry = i * 128
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory[entry : entry + len(encoded)] = encoded
        struct.pack_into("<HBB", directory, entry + 64, len(encoded), 5 if i == 0 else 2, 1)
        struct.pack_into("<III", directory, entry + 68, free, free, 1 if i == 0 else free)
        if i and i < len(names) - 1:
            struct.pack_into("<I", directory, entry + 72, i + 1)  # right sibling
        struct.pack_into("<I", directory, entry + 116, end)  # start sector: none
    return bytes(header) + fat + bytes(directory)
