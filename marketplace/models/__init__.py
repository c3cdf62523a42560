"""Marketplace models, one module per domain concept."""

from .accounts import User, is_signed_in
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
    "is_signed_in",
]

# Challenge marketplace (issue #3)
from .awards import Award, AwardPlace
from .challenges import Challenge, ChallengeTransition
from .funding import FundingRule
from .good_practices import GoodPracticeCase
from .guidance import ChallengeTypeGuide, IpRegimeGuide, StarterKit
from .insights import ChallengeViewDay
from .judging import (
    Assignment,
    ConflictOfInterest,
    Feedback,
    Judge,
    Panel,
    RubricCriterion,
    Score,
)
from .ndas import NdaAcceptance, NdaRevocation, NdaTerms
from .notifications import Notification, NotificationPreference
from .participation import (
    BriefCoachingRequest,
    ChallengeCoauthor,
    ChallengeEndorsement,
    ChallengeInvitee,
)
from .proposals import Proposal, ProposalAttachment, ProposalTeamMember, ProposalVersion

__all__ += [
    "Assignment",
    "Award",
    "AwardPlace",
    "BriefCoachingRequest",
    "Challenge",
    "ChallengeCoauthor",
    "ChallengeEndorsement",
    "ChallengeInvitee",
    "ChallengeTransition",
    "ChallengeTypeGuide",
    "ChallengeViewDay",
    "ConflictOfInterest",
    "Feedback",
    "FundingRule",
    "GoodPracticeCase",
    "IpRegimeGuide",
    "Judge",
    "NdaAcceptance",
    "NdaRevocation",
    "NdaTerms",
    "Notification",
    "NotificationPreference",
    "Panel",
    "Proposal",
    "ProposalAttachment",
    "ProposalTeamMember",
    "ProposalVersion",
    "RubricCriterion",
    "Score",
    "StarterKit",
]
