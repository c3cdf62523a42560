"""A challenge's funnel for its owner: page views (counted privately, without the posting
organisation's own), NDA acceptances, proposals started and submitted, feedback given,
awards; and how the solvers suggested for it responded. One query."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row
from marketplace.matching.models import ShownSuggestion, Verdict
from marketplace.models import Award, Challenge, ChallengeViewDay, Feedback, NdaAcceptance, Proposal


def _per_challenge(source: Any, path: str, aggregate: Any = None, **filters: Any) -> Any:
    """Count (or another aggregate) of ``source``'s rows that reach the outer challenge by
    ``path``, as a subquery of the one statement."""
    rows = (
        (source if isinstance(source, QuerySet) else source.objects)
        .filter(**{path: OuterRef("pk")}, **filters)
        .order_by()
        .values(path)
        .annotate(x=aggregate or Count("id"))
        .values("x")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _query(challenge_id: int) -> dict[str, Any]:
    answered = Exists(
        Proposal.objects.filter(
            Q(organisation=OuterRef("organisation")) | Q(created_by=OuterRef("user")),
            challenge=OuterRef("challenge"),
            submitted_at__isnull=False,
        )
    )
    subject = f"challenge:{challenge_id}"
    shown = {"subject": subject}
    return (
        Challenge.objects.filter(pk=challenge_id)
        .annotate(
            views=_per_challenge(ChallengeViewDay, "challenge", Sum("views")),
            ndas=_per_challenge(NdaAcceptance, "challenge"),
            started=_per_challenge(Proposal, "challenge"),
            submitted=_per_challenge(Proposal, "challenge", submitted_at__isnull=False),
            feedback=_per_challenge(Feedback, "proposal__challenge"),
            awards=_per_challenge(Award, "place__challenge", revoked_at__isnull=True),
            shown=_per_challenge(ShownSuggestion, "challenge", **shown),
            accepted=_per_challenge(
                ShownSuggestion, "challenge", verdict=Verdict.ACCEPTED, **shown
            ),
            dismissed=_per_challenge(
                ShownSuggestion, "challenge", verdict=Verdict.DISMISSED, **shown
            ),
            proposed=_per_challenge(ShownSuggestion.objects.filter(answered), "challenge", **shown),
        )
        .values(*FIELDS)
        .get()
    )


FIELDS = (
    "views",
    "ndas",
    "started",
    "submitted",
    "feedback",
    "awards",
    "shown",
    "accepted",
    "dismissed",
    "proposed",
)


def challenge_funnel(challenge: Challenge) -> tuple[Figure, Figure]:
    r = _query(challenge.pk)
    funnel = Figure(
        key="funnel",
        title=_("From view to award"),
        series=[_("Number")],
        rows=[
            Row("views", _("Page views (outside your organisation)"), [r["views"]]),
            Row("ndas", _("NDA acceptances"), [r["ndas"]]),
            Row("started", _("Proposals started"), [r["started"]]),
            Row("submitted", _("Proposals submitted"), [r["submitted"]]),
            Row("feedback", _("Feedback given"), [r["feedback"]]),
            Row("awards", _("Awards"), [r["awards"]]),
        ],
        row_heading=_("Step"),
        notes=[
            _(
                "Views are counted on Kruispunt itself, once per page view, without any "
                "third-party analytics."
            )
        ],
    )
    # Counts side by side: a view does not "lead to" a proposal (a solver may have been
    # invited, or read the brief elsewhere), and "1 proposals" is no sentence in any language.
    funnel.summary = (
        _(
            "Page views (outside your organisation): %(views)d · proposals submitted: "
            "%(submitted)d · with feedback: %(feedback)d · awarded: %(awards)d."
        )
        % r
    )
    solvers = Figure(
        key="suggested",
        title=_("How suggested solvers responded"),
        series=[_("Suggested solvers")],
        rows=[
            Row("shown", _("Shown to your team"), [r["shown"]]),
            Row("accepted", _("Marked relevant"), [r["accepted"]]),
            Row("dismissed", _("Dismissed"), [r["dismissed"]]),
            Row("proposed", _("Submitted a proposal"), [r["proposed"]]),
        ],
        row_heading=_("Step"),
    )
    solvers.summary = (
        _("Solvers suggested to your team: %(shown)d · of them submitted a proposal: %(proposed)d.")
        % r
        if r["shown"]
        else _("No solvers have been suggested to your team yet.")
    )
    return funnel, solvers
