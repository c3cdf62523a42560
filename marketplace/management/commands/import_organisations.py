"""python manage.py import_organisations FILE — upsert organisations by ref (DESIGN.md)."""

from marketplace.imports.command import ImportCommand
from marketplace.imports.organisations import import_organisations


class Command(ImportCommand):
    help = "Import organisations from a JSON Lines file (upsert by ref)."
    importer = staticmethod(import_organisations)
