"""The Windows package's build helpers: a valid .ico from our SVG, a version from pyproject."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

from make_icon import (  # noqa: E402
    ICON_SIZES,
    project_version,
    render_pngs,
    version_info_text,
    version_numbers,
)
from make_icon import ico_bytes as make_ico  # noqa: E402


def test_icon_holds_every_size_as_png_at_the_stated_offsets() -> None:
    pngs = render_pngs(ROOT / "resources" / "icons" / "nianbao.svg")
    data = make_ico(pngs)
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind, count) == (0, 1, len(ICON_SIZES))
    for i, size in enumerate(sorted(ICON_SIZES)):
        w, h, _, _, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert (w, h) == ((0, 0) if size == 256 else (size, size)) and (planes, bits) == (1, 32)
        image = data[offset : offset + length]
        assert image.startswith(b"\x89PNG") and struct.unpack(">II", image[16:24]) == (size, size)
    assert len(set(pngs.values())) == len(ICON_SIZES)  # really drawn at each size


def test_version_resource_follows_pyproject() -> None:
    version = project_version(ROOT / "pyproject.toml")
    text = version_info_text(version, "年报工作台", "年报工作台.exe")
    assert f"StringStruct('ProductVersion', '{version}')" in text
    assert str(version_numbers(version)) in text
    assert version_numbers("0.2.0rc1") == (0, 2, 0, 0) and version_numbers("1.10") == (1, 10, 0, 0)


def test_spec_bundles_resources_translations_and_a_console_free_gui() -> None:
    spec = (ROOT / "packaging" / "nianbao.spec").read_text(encoding="utf-8")
    assert 'collect_data_files("resources"' in spec and "qtbase_zh_CN.qm" in spec
    assert "console=False" in spec and "console=True" in spec
    assert "version=" in spec and "icon=" in spec
