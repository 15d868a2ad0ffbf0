#!/usr/bin/env python3
"""Fill English translations into the catalog from a JSON {msgid: msgstr} file, then
report what is still untranslated. Usage: scripts/fill-catalog.py table.json"""
import sys, json
from babel.messages.pofile import read_po, write_po
path = "survey/translations/en/LC_MESSAGES/messages.po"
table = json.load(open(sys.argv[1]))
with open(path, "rb") as f:
    cat = read_po(f, locale="en")
for msg in cat:
    if msg.id and msg.id in table:
        msg.string = table[msg.id]
        if "fuzzy" in msg.flags: msg.flags.discard("fuzzy")
missing = [m.id for m in cat if m.id and not m.string]
with open(path, "wb") as f:
    write_po(f, cat, width=100)
print("missing:", missing)
