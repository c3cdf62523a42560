"""What the marketplace announces to the layers above it (collab creates rooms and closes
access). marketplace never imports collab (DESIGN.md); receivers connect at app-ready time.
Sent explicitly from the services, inside their transaction."""

from __future__ import annotations

from django.dispatch import Signal

# award_granted.send(sender=Award, award=…, actor=User): a room for the owner and the winner.
award_granted = Signal()
# nda_revoked.send(sender=NdaAcceptance, challenge=…, user=User): the user loses access to
# everything confidential of that challenge, project rooms included.
nda_revoked = Signal()
