"""factory_boy factories for the marketplace."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from marketplace.models import Capability, Membership, Organisation, PersonProfile, User
from marketplace.models.organisations import Role

PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "company"
    country = "BE"
    staff_headcount = 20
    annual_turnover_eur = 3_000_000


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class PersonProfileFactory(DjangoModelFactory):
    class Meta:
        model = PersonProfile

    user = factory.SubFactory(UserFactory)
    kind = "student"
    headline = factory.Sequence(lambda n: f"Student {n}")
    matching_consent = True


class CapabilityFactory(DjangoModelFactory):
    class Meta:
        model = Capability

    owner_organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Capability {n}")
    description = "We test machine vision systems for quality inspection."
    language = "en"
