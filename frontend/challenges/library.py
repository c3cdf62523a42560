"""The good-practice library (cases by sector and technology, searchable in nl/en/fr) and the
sector starter kits."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from frontend.fragments import framed_unless_htmx
from frontend.pagination import paginate
from marketplace.models import GoodPracticeCase, StarterKit, Technology
from marketplace.models.challenges import Sector
from marketplace.services.briefs import good_practice_library


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All sectors")), *Sector.choices], required=False
    )
    technology = forms.ChoiceField(label=_("Technology"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["technology"].choices = [("", _("Any technology"))] + [  # type: ignore[attr-defined]
            (t.slug, t.label) for t in Technology.objects.order_by("slug")
        ]


def with_texts(kit: StarterKit) -> StarterKit:
    """Attach the kit's texts in the active language, for templates."""
    kit.localised_title = kit.localised("title")  # type: ignore[attr-defined]
    kit.localised_introduction = kit.localised("introduction")  # type: ignore[attr-defined]
    kit.localised_problems = kit.localised("example_problems")  # type: ignore[attr-defined]
    kit.localised_partners = kit.localised("value_chain_partners")  # type: ignore[attr-defined]
    return kit


def starter_kit_for(sector: str) -> StarterKit | None:
    if not sector:
        return None
    kit = StarterKit.objects.filter(sector=sector).prefetch_related("technologies").first()
    return with_texts(kit) if kit else None


@require_GET
def good_practice_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = good_practice_library(
        text=filters.get("q", ""),
        sector=filters.get("sector", ""),
        technology=filters.get("technology", ""),
    )
    return render(
        request,
        "challenges/good_practice_list.html",
        {"form": form, "page": paginate(request, cases)},
    )


@require_GET
def good_practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_object_or_404(GoodPracticeCase.objects.prefetch_related("technologies"), slug=slug)
    return render(request, "challenges/good_practice_detail.html", {"case": case})


@require_GET
def starter_kit_list(request: HttpRequest) -> HttpResponse:
    kits = [with_texts(kit) for kit in StarterKit.objects.prefetch_related("technologies")]
    return render(request, "challenges/starter_kit_list.html", {"kits": kits})


@require_GET
def starter_kit_detail(request: HttpRequest, sector: str) -> HttpResponse:
    if sector not in Sector.values:
        raise Http404
    kit = starter_kit_for(sector)
    if kit is None:
        raise Http404
    cases = GoodPracticeCase.objects.filter(sector=sector).order_by("title")[:6]
    return render(request, "challenges/starter_kit_detail.html", {"kit": kit, "cases": cases})


@require_GET
@framed_unless_htmx(_("Sector starter kit"))
def starter_kit_panel(request: HttpRequest) -> HttpResponse:
    """The starter kit of ?sector=, for the wizard's side panel: htmx swaps it in when the
    author picks another sector, before anything is saved."""
    sector = request.GET.get("sector", "")
    kit = starter_kit_for(sector) if sector in Sector.values else None
    return render(request, "challenges/includes/starter_kit_panel.html", {"kit": kit})
