from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "collab"
    verbose_name = _("Project rooms")

    def ready(self) -> None:
        from collab.receivers import team_room_create
        from marketplace.teams.signals import team_published

        team_published.connect(team_room_create, dispatch_uid="collab.team_room")
