"""/api/v1/notifications/: in-app notifications, preferences (right away, daily digest,
never; muted kinds) and the daily digest."""

import pytest
from django.core import mail
from django.core.management import call_command

from marketplace.models import Notification
from marketplace.services.notifications import digest_send, notify, preference_for

URL = "/api/v1/notifications/"
pytestmark = pytest.mark.django_db


def ping(user, kind="feedback", title="Hello %(x)s"):
    return notify(users=[user], kind=kind, title=title, params={"x": "there"}, url="/x/")


def test_list_and_mark_read(api, outsider, member):
    ping(outsider)
    ping(member)
    listed = api(outsider).get(URL).json()["results"]
    assert [n["title"] for n in listed] == ["Hello there"]
    assert api(outsider).get(URL, {"unread": "true"}).json()["count"] == 1
    assert api(outsider).post(f"{URL}{listed[0]['id']}/read/").json() == {"marked": 1}
    assert api(outsider).get(URL, {"unread": "true"}).json()["count"] == 0
    # Someone else's notification does not exist for the outsider, and stays unread.
    theirs = Notification.objects.get(user=member)
    assert api(outsider).post(f"{URL}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_has_no_notifications(api):
    assert api(None).get(URL).status_code in {401, 403}


def test_preferences(api, outsider):
    assert api(outsider).get(f"{URL}preferences/").json() == {"email": "daily", "muted_kinds": []}
    changed = api(outsider).patch(
        f"{URL}preferences/", {"email": "immediately", "muted_kinds": ["endorsement"]}
    )
    assert changed.status_code == 200
    for bad in [{"email": "hourly"}, {"muted_kinds": ["nope"]}, {"user": 1}]:
        assert api(outsider).patch(f"{URL}preferences/", bad).status_code == 400
    assert preference_for(outsider).email == "immediately"


def test_immediate_email_after_commit_and_muted_kinds(outsider, django_capture_on_commit_callbacks):
    preference = preference_for(outsider)
    preference.email = "immediately"
    preference.muted_kinds = ["endorsement"]
    preference.save()
    with django_capture_on_commit_callbacks(execute=True):
        ping(outsider)
        ping(outsider, kind="endorsement")
    assert [m.subject for m in mail.outbox] == ["Hello there"]
    assert Notification.objects.filter(user=outsider).count() == 1


def test_daily_digest_collects_and_is_sent_once(
    outsider, member, django_capture_on_commit_callbacks
):
    never = preference_for(member)
    never.email = "never"
    never.save()
    ping(outsider)
    ping(outsider, title="Second %(x)s")
    ping(member)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 1
        assert digest_send() == 0
    assert len(mail.outbox) == 1
    assert "Second there" in mail.outbox[0].body and mail.outbox[0].to == [outsider.email]


def test_daily_command_sends_the_digest(outsider):
    ping(outsider)
    call_command("challenge_daily", verbosity=0)
    assert Notification.objects.get().digested_at is not None


def test_links_open_in_the_recipients_language(
    outsider, member, django_capture_on_commit_callbacks
):
    """A link is stored as the page was addressed (here in English) and reaches each recipient
    in their own language: in the e-mail right away, in the digest and on the page."""
    from django.urls import reverse
    from django.utils.translation import override

    from marketplace.models.notifications import url_in_language

    paths = {}
    for language in ("nl", "en", "fr"):
        with override(language):
            paths[language] = reverse("notification_list")
    assert len(set(paths.values())) == 3
    outsider.preferred_language = "fr"
    outsider.save()
    preference = preference_for(outsider)
    preference.email = "immediately"
    preference.save()
    member.preferred_language = "nl"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[outsider, member], kind="feedback", title="Look", url=paths["en"])
        digest_send()
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert f"{paths['fr']}\n" in by_recipient[outsider.email]  # right away, in French
    assert f"{paths['nl']}\n" in by_recipient[member.email]  # in the digest, in Dutch
    assert url_in_language("https://elsewhere.example/x", "fr") == "https://elsewhere.example/x"
    assert url_in_language("/not-a-page/", "fr") == "/not-a-page/"
    with override("fr"):
        assert Notification.objects.get(user=member).link() == paths["fr"]


def test_a_translation_that_does_not_fit_its_parameters_still_notifies(member, monkeypatch):
    """A catalogue slip (a translation naming a parameter the sentence lacks) must not stop
    the action that notifies: the reader gets the English sentence instead."""
    from django.utils import translation

    from marketplace.models import notifications as stored

    real = stored.gettext

    def slipped(text):
        if text.startswith("Hello") and translation.get_language() == "nl":
            return "%(verdwenen)s: een fout in de vertaling"
        return real(text)

    # The catalogue as the stored sentences read it (the module's own gettext).
    monkeypatch.setattr(stored, "gettext", slipped)
    member.preferred_language = "nl"
    member.save(update_fields=["preferred_language"])
    title = translation.gettext_lazy("Hello %(x)s")
    notify(users=[member], kind="feedback", title=title, params={"x": "u"})
    assert Notification.objects.get(user=member).title == "Hello u"
