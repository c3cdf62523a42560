"""python manage.py import_collaborations FILE — upsert past joint projects by ref (DESIGN.md)."""

from marketplace.imports.collaborations import import_collaborations
from marketplace.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import past collaborations (track record) from a JSON Lines file (upsert by ref)."
    importer = staticmethod(import_collaborations)
