"""Marketplace models, one module per domain concept."""

from .accounts import User
from .capabilities import Capability
from .collaborations import Collaboration, Participation
from .organisations import Invitation, Membership, Organisation
from .people import PersonProfile
from .taxonomy import EscoSkill, IscedField, NaceCode, NutsRegion, Technology

__all__ = [
    "Capability",
    "Collaboration",
    "EscoSkill",
    "Invitation",
    "IscedField",
    "Membership",
    "NaceCode",
    "NutsRegion",
    "Organisation",
    "Participation",
    "PersonProfile",
    "Technology",
    "User",
]
