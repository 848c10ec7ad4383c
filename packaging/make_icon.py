"""Build-time helpers for the Windows package: the .ico from our SVG, the version resource.

Run by packaging/nianbao.spec (PyInstaller); nothing here is imported by the app. The icon is
drawn by Qt's own SVG renderer (QtSvg is in pyside6-essentials) and stored as PNG images inside
the .ico (Windows Vista and later read those), so no image library is needed.
"""

from __future__ import annotations

import os
import re
import struct
import tomllib
from pathlib import Path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico file holding one PNG per size (ICONDIR, ICONDIRENTRY×n, then the images)."""
    count = len(pngs)
    header = struct.pack("<HHH", 0, 1, count)
    offset = 6 + 16 * count
    entries, images = b"", b""
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def render_pngs(svg: Path, sizes: tuple[int, ...] = ICON_SIZES) -> dict[int, bytes]:
    """The SVG drawn at each size, as PNG bytes (Qt offscreen: no display needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        out[size] = bytes(data.data())
    return out


def write_icon(svg: Path, ico: Path) -> Path:
    ico.parent.mkdir(parents=True, exist_ok=True)
    ico.write_bytes(ico_bytes(render_pngs(svg)))
    return ico


def project_version(pyproject: Path) -> str:
    """The one version number, from pyproject.toml."""
    with pyproject.open("rb") as f:
        return tomllib.load(f)["project"]["version"]


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """0.1.0 -> (0, 1, 0, 0); a suffix such as 0.2.0rc1 keeps its leading digits."""
    parts = []
    for piece in version.split(".")[:4]:
        match = re.match(r"\d+", piece)
        parts.append(int(match.group()) if match else 0)
    return tuple([*parts, 0, 0, 0, 0][:4])  # type: ignore[return-value]


def version_info_text(version: str, internal_name: str, file_name: str) -> str:
    """A PyInstaller version file (Windows 属性 › 详细信息: 产品名称, 文件版本 …)."""
    nums = version_numbers(version)
    strings = {
        "CompanyName": "Nianbao",
        "FileDescription": "年报工作台：政府信息公开工作年度报告的填报、校验与打印",
        "FileVersion": version,
        "InternalName": internal_name,
        "LegalCopyright": "MIT License",
        "OriginalFilename": file_name,
        "ProductName": "年报工作台",
        "ProductVersion": version,
    }
    table = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080404b0', [
{table}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


def write_version_file(pyproject: Path, out: Path, internal_name: str, file_name: str) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    text = version_info_text(project_version(pyproject), internal_name, file_name)
    out.write_text(text, encoding="utf-8")
    return out
