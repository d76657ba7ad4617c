"""Regenerate the site's CJK subset webfont: docs/fonts/chemref-cjk-subset.woff2.

The site ships a subset of Noto Sans CJK SC (SIL Open Font License 1.1) holding only the CJK characters
the registry and the hand-written pages use, so Chinese list names render offline on a machine without
a CJK font. Run it (with fontTools and brotli, e.g. Debian's python3-fonttools and python3-brotli, and
the fonts-noto-cjk package) after the registry gains a CJK character; tests/docs/test_cjk.py says when:

    apt-get install fonts-noto-cjk python3-fonttools python3-brotli
    /usr/bin/python3 scripts/cjk_subset.py

The subset is renamed ("chemref CJK Subset"), as the OFL asks of modified versions, and docs/fonts/OFL.txt
keeps the licence with the font's copyright notice.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "docs" / "fonts"
NAME = "chemref CJK Subset"
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_FAMILY = "Noto Sans CJK SC"
# Punctuation a CJK list name may carry, beyond the characters in use today.
ALWAYS = "（）、，：；。「」《》"


def is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x3000 <= code <= 0x303F


def characters_in_use(root: Path = ROOT) -> set[str]:
    paths = [*(root / "registry").rglob("*.yml"), *(root / "docs").rglob("*.md")]
    return {c for path in paths for c in path.read_text(encoding="utf-8") if is_cjk(c)}


def load_source(path: Path, family: str) -> TTFont:
    if path.suffix.lower() == ".ttc":
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(1) == family:
                return font
        raise SystemExit(f"{family!r} is not in {path}")
    return TTFont(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", type=Path, default=SOURCE)
    parser.add_argument("--family", default=SOURCE_FAMILY)
    args = parser.parse_args()
    chars = sorted(characters_in_use() | set(ALWAYS))
    font = load_source(args.font, args.family)
    copyright_notice = font["name"].getDebugName(0) or ""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(chars))
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = NAME
        elif record.nameID in (3, 6):
            record.string = NAME.replace(" ", "")
    font.flavor = "woff2"
    FONTS.mkdir(parents=True, exist_ok=True)
    font.save(str(FONTS / "chemref-cjk-subset.woff2"))
    (FONTS / "chemref-cjk-subset.txt").write_text("".join(chars) + "\n", encoding="utf-8")
    licence = Path("/usr/share/doc/fonts-noto-cjk/copyright").read_text(encoding="utf-8")
    end = "OTHER DEALINGS IN THE FONT SOFTWARE."
    ofl = licence[licence.index(" SIL OPEN FONT LICENSE Version 1.1") : licence.index(end) + len(end)]
    ofl_text = "\n".join(line[1:] if line.startswith(" ") else line for line in ofl.splitlines())
    ofl_text = ofl_text.replace("\n.\n", "\n\n")
    header = (
        f"chemref-cjk-subset.woff2 is a subset of {args.family} ({args.font.name}), renamed '{NAME}'.\n"
        f"{copyright_notice}\n"
        "It is licensed under the SIL Open Font License, Version 1.1, reproduced below.\n\n"
    )
    (FONTS / "OFL.txt").write_text(header + ofl_text.strip() + "\n", encoding="utf-8")
    print(f"{len(chars)} characters -> {FONTS / 'chemref-cjk-subset.woff2'}")


if __name__ == "__main__":
    main()
