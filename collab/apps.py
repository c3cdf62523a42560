from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "collab"
    verbose_name = _("Project rooms")

    def ready(self) -> None:
        from collab.receivers import award_room_create, challenge_access_revoke, team_room_create
        from marketplace.signals import award_granted, nda_revoked
        from marketplace.teams.signals import team_published

        team_published.connect(team_room_create, dispatch_uid="collab.team_room")
        award_granted.connect(award_room_create, dispatch_uid="collab.award_room")
        nda_revoked.connect(challenge_access_revoke, dispatch_uid="collab.nda_revoked")
