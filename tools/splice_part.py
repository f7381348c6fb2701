"""Encoders' aid: splice the body of a part file (a source encoded in two halves) into the main
TEI file at the comment ``<!-- PART 2 … -->``, renumbering the part's editorial-note ids so they
continue the main file's sequence. Text is copied as it stands (no re-serialisation).

Usage: python tools/splice_part.py MAIN.xml PART.xml PREFIX
"""
import re
import sys
from pathlib import Path

main_path, part_path, prefix = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
main = main_path.read_text(encoding="utf-8")
part = part_path.read_text(encoding="utf-8")
marker = re.search(r"[ \t]*<!-- PART 2[^>]*-->\n?", main)
if not marker:
    sys.exit(f"{main_path}: no <!-- PART 2 … --> comment to splice at")
body = re.search(r"<body>\n?(.*?)[ \t]*</body>", part, re.S).group(1)
last = max(int(n) for n in re.findall(rf'xml:id="{prefix}-n(\d+)"', main))
numbers = iter(range(last + 1, 10_000))
mapping = {}


def renumber(m):
    old = m.group(1)
    mapping.setdefault(old, f"{prefix}-n{next(numbers)}")
    return f'"{mapping[old]}"'


body = re.sub(rf'"({prefix}-n\d+)"', renumber, body)
body = re.sub(rf'"#({prefix}-n\d+)"', lambda m: f'"#{mapping.get(m.group(1), m.group(1))}"', body)
main_path.write_text(main[:marker.start()] + body + main[marker.end():], encoding="utf-8")
print(f"spliced {part_path} into {main_path}: {len(mapping)} note ids renumbered")
