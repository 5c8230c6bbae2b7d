"""Every text of the consultation request (consultations/ and templates/consultations/) has its
Spanish in locale/es/LC_MESSAGES/django.po, with the same placeholders as the English."""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w*\}")


def entries():
    """(references, msgid, [msgstr...]) for each entry of the catalog."""
    for block in CATALOG.read_text(encoding="utf-8").split("\n\n"):
        refs = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: ")).split()
        fields, key = {}, None
        for line in block.splitlines():
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$", line)
            if match:
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if fields.get("msgid"):
            yield refs, fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")]


# The catalog is kept without source locations (make messages), so every entry is checked.
OUR_ENTRIES = [(msgid, strs) for _refs, msgid, strs in entries()]


def test_the_consultation_texts_are_in_the_catalog():
    msgids = {msgid for msgid, _strs in OUR_ENTRIES}
    asked = {"Full name", "Request a consultation", "Which language should we use when we contact you?",
             "Send my request"}
    assert asked <= msgids


@pytest.mark.parametrize(("msgid", "msgstrs"), OUR_ENTRIES, ids=[m[:40] for m, _ in OUR_ENTRIES])
def test_each_consultation_text_has_spanish_with_the_same_placeholders(msgid, msgstrs):
    assert msgstrs and all(msgstrs), f"no Spanish for {msgid!r}"
    for msgstr in msgstrs:
        assert sorted(set(PLACEHOLDER.findall(msgstr))) == sorted(set(PLACEHOLDER.findall(msgid)))


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext")
def test_the_catalog_compiles_cleanly():
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(CATALOG)], check=True)
