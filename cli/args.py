"""An argparse parser that speaks Chinese: usage, section titles, help and usage errors.

argparse's own messages are English; the common ones are translated here so a clerk never
sees "unrecognized arguments". A usage error exits with its own status, USAGE_ERROR (64, as
BSD's sysexits EX_USAGE), so scripts can tell it from 2 = a file could not be read.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

USAGE_ERROR = 64  # wrong command line (README); 0/1/2 keep their INTERFACES.md meanings

# Compiled on the first usage error only (re caches them): every command starts without them.
_ERRORS = (
    (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1"),
    (r"^the following arguments are required: (.*)$", r"缺少参数：\1"),
    (
        r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$",
        r"参数 \1 的值 \2 无效，可选：\3",
    ),
    (r"^argument (\S+): invalid int value: (.*)$", r"参数 \1 应为整数，收到 \2"),
    (r"^argument (\S+): expected one argument$", r"参数 \1 后面需要一个值"),
)


def translate_error(message: str) -> str:
    """argparse's English usage error in Chinese (unknown messages are kept as they are)."""
    for pattern, replacement in _ERRORS:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：")


class ChineseParser(argparse.ArgumentParser):
    """ArgumentParser with Chinese titles, a Chinese -h/--help and Chinese usage errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本说明并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}：参数有误：{translate_error(message)}", file=sys.stderr)
        sys.exit(USAGE_ERROR)
