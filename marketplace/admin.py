from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import (
    Capability,
    Collaboration,
    EscoSkill,
    Invitation,
    IscedField,
    Membership,
    NaceCode,
    NutsRegion,
    Organisation,
    Participation,
    PersonProfile,
    Technology,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "preferred_language"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


# Django 6 assumes https for scheme-less URLs; say so now (and avoid its deprecation warning).
URL_FIELDS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "kind", "size_class", "country", "nuts", "ref"]
    list_filter = ["kind", "size_class", "country"]
    search_fields = ["name", "ref", "enterprise_number", "vat_number"]
    autocomplete_fields = ["nace", "nuts"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "user__email"]
    autocomplete_fields = ["organisation", "user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "organisation",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token"]
    autocomplete_fields = ["organisation", "invited_by", "accepted_by"]


@admin.register(PersonProfile)
class PersonProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "discipline", "institution", "matching_consent"]
    list_filter = ["kind", "career_stage", "matching_consent", "listed_publicly"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "headline"]
    autocomplete_fields = ["user", "discipline", "institution", "skills"]


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ["title", "owner_organisation", "owner_person", "language", "trl_min", "trl_max"]
    list_filter = ["language", "technologies"]
    search_fields = ["title", "description"]
    autocomplete_fields = [
        "owner_organisation",
        "owner_person",
        "skills",
        "sectors",
        "technologies",
        "nuts",
    ]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["ref", "title", "start"]
    search_fields = ["ref", "title"]
    list_filter = ["start"]
    inlines = [ParticipationInline]


@admin.register(NaceCode)
class NaceCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title_nl", "title_en"]
    list_filter = ["level", "section"]
    search_fields = ["code", "title_nl", "title_en"]


@admin.register(IscedField)
class IscedFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "title_nl", "title_fr", "broad_title"]
    list_filter = ["broad_title"]
    search_fields = ["code", "title_en", "title_nl", "title_fr"]


@admin.register(EscoSkill)
class EscoSkillAdmin(admin.ModelAdmin):
    list_display = ["label", "uri"]
    search_fields = ["label", "uri"]


@admin.register(NutsRegion)
class NutsRegionAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "country", "label"]
    list_filter = ["level", "country"]
    search_fields = ["code", "label", "label_nl", "label_fr"]


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    list_display = ["slug", "group", "label_nl", "label_en", "label_fr"]
    list_filter = ["group"]
    search_fields = ["slug", "label_nl", "label_en", "label_fr"]


from marketplace import admin_challenges  # noqa: E402, F401  (challenge marketplace)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "collaboration", "role"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "organisation__ref", "collaboration__ref"]
    raw_id_fields = ["organisation", "collaboration"]
