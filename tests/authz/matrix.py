"""The authorisation matrix: who may do what to which object, written from the product rules
(DESIGN.md "Roles" and the domain), never read off the code under test.

Each row is one operation on one object through one surface (API, page or socket) and names
  - `allow`: the roles for whom the operation goes through;
  - `know`: the roles who may know the object exists but may not do this (403; a visitor is
    asked to sign in: 401/403, or a redirect to the login page on pages);
  - everybody else gets 404: an outsider never learns that the object exists.
`business=True` marks rows whose allowed roles may also meet a business rule (400/409, e.g.
"a published challenge cannot be deleted"): the access check let them through, which is what
the matrix is about. Rows with `run_allowed=False` call an outside service (Stripe) when
allowed; only their refusals are exercised.

Where the product rules leave a choice open, the stricter rule is written here, with a
comment (STRICTER).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tests.authz.world import ROLES

ALL = frozenset(ROLES)
SIGNED = ALL - {"anonymous"}
HOME = frozenset({"member", "admin", "owner"})
MANAGERS = frozenset({"admin", "owner"})
NOBODY: frozenset[str] = frozenset()

# Who may know each challenge exists (its visibility and state).
CHALLENGE_SEEN = {
    "c_public": ALL,
    "c_registered": SIGNED,
    # Invited-only: the posting organisation and the invitee. STRICTER: not platform staff.
    "c_invited": HOME | {"person"},
    # A draft: the posting organisation and the intermediary coaching the brief.
    "c_draft": HOME | {"intermediary"},
    "c_award": ALL,
}
# Who may read each confidential detail: insiders, accepted judges, standing NDA signers.
CONFIDENTIAL_SEEN = {
    "c_public": HOME | {"judge", "submitter", "nda_signer"},
    "c_registered": HOME,
    "c_invited": HOME,
    "c_draft": HOME | {"intermediary"},
    "c_award": HOME | {"submitter"},
}
INSIDERS = {c: HOME | ({"intermediary"} if c == "c_draft" else set()) for c in CHALLENGE_SEEN}

# Proposals are confidential to their authors, the challenge's managers and assigned judges.
# STRICTER: a plain member of the posting organisation does not read proposals.
PROPOSAL_SEEN = frozenset({"submitter", "admin", "owner", "judge"})
ROOM_MEMBERS = frozenset({"owner", "member", "submitter", "observer"})
ROOM_CONTRIBUTORS = frozenset({"owner", "member", "submitter"})
RUN_PEOPLE = frozenset({"educator", "student"})

Data = dict[str, Any] | Callable[[Any], dict[str, Any]] | None


@dataclass(frozen=True)
class Row:
    obj: str
    op: str
    method: str
    path: str  # "{key}" is replaced by the pk of world object `key`
    allow: frozenset[str]
    know: frozenset[str] = NOBODY
    data: Data = None
    surface: str = "api"
    business: bool = False
    run_allowed: bool = True
    multipart: bool = False
    # Lists: the object (world key) that must not appear for roles outside `listed_for`.
    hidden_item: str | None = None
    listed_for: frozenset[str] = NOBODY
    # Writes: the model whose rows a refused write must leave as they were.
    state: str | None = None

    def expected(self, role: str) -> str:
        if role in self.allow:
            return "allow"
        if role in self.know:
            return "deny"
        return "hide"


def _rows() -> Iterable[Row]:
    yield from _organisation_rows()
    yield from _profile_and_capability_rows()
    for key in CHALLENGE_SEEN:
        yield from _challenge_rows(key)
    yield from _proposal_rows()
    yield from _judging_rows()
    yield from _award_rows()
    yield from _team_run_rows()
    yield from _room_rows()
    yield from _notification_and_coaching_rows()
    yield from _page_rows()


def _organisation_rows() -> Iterable[Row]:
    o = "/api/v1/organisations/{home}/"
    # Organisation profiles are public; staff moderate public profile content.
    yield Row("organisation", "list", "GET", "/api/v1/organisations/", ALL)
    yield Row("organisation", "read", "GET", o, ALL)
    yield Row(
        "organisation",
        "create",
        "POST",
        "/api/v1/organisations/",
        SIGNED,
        ALL,
        data={"name": "Matrix nieuw BV"},
        state="Organisation",
    )
    yield Row(
        "organisation",
        "update",
        "PATCH",
        o,
        MANAGERS | {"staff"},
        ALL,
        data={"description": "Changed by the matrix."},
        state="Organisation",
    )
    # Deleting the organisation: its owners only (the challenges it posted may block it).
    yield Row(
        "organisation",
        "delete",
        "DELETE",
        o,
        frozenset({"owner"}),
        ALL,
        business=True,
        state="Organisation",
    )
    yield Row("organisation", "export", "GET", o + "export/", frozenset({"owner"}), ALL)
    yield Row(
        "organisation",
        "transfer-ownership",
        "POST",
        o + "transfer-ownership/",
        frozenset({"owner"}),
        ALL,
        data=lambda w: {"user": w.users["admin"].pk},
        state="Membership",
    )
    yield Row(
        "organisation", "funding-hints", "GET", "/api/v1/organisations/{home}/funding-hints/", ALL
    )
    # Memberships: the member list is for the organisation's members (and staff).
    m = "/api/v1/organisations/{home}/members/"
    yield Row("membership", "list", "GET", m, HOME | {"staff"}, ALL)
    yield Row("membership", "read", "GET", m + "{membership}/", HOME | {"staff"}, ALL)
    yield Row(
        "membership",
        "update",
        "PATCH",
        m + "{membership}/",
        MANAGERS | {"staff"},
        ALL,
        data={"role": "admin"},
        state="Membership",
    )
    yield Row(
        "membership",
        "delete",
        "DELETE",
        m + "{membership}/",
        MANAGERS | {"staff"} | {"member"},
        ALL,
        state="Membership",
    )  # a member may leave: the membership is their own
    i = "/api/v1/organisations/{home}/invitations/"
    yield Row("invitation", "list", "GET", i, MANAGERS | {"staff"}, ALL)
    yield Row(
        "invitation",
        "create",
        "POST",
        i,
        MANAGERS | {"staff"},
        ALL,
        data={"email": "matrix.invitee@example.org", "role": "member"},
        state="Invitation",
    )
    yield Row(
        "invitation",
        "delete",
        "DELETE",
        i + "{invitation}/",
        MANAGERS | {"staff"},
        ALL,
        state="Invitation",
    )


def _profile_and_capability_rows() -> Iterable[Row]:
    # Visitors see the profiles listed publicly; signed-in people see every active profile.
    yield Row(
        "profile",
        "list",
        "GET",
        "/api/v1/people/",
        ALL,
        hidden_item="profile_unlisted",
        listed_for=SIGNED,
    )
    yield Row("profile", "read public", "GET", "/api/v1/people/{profile_public}/", ALL)
    yield Row("profile", "read unlisted", "GET", "/api/v1/people/{profile_unlisted}/", SIGNED)
    # Nobody changes another person's profile: only /people/me/ writes exist.
    yield Row(
        "profile",
        "update other",
        "PATCH",
        "/api/v1/people/{profile_public}/",
        NOBODY,
        ALL,
        data={"headline": "Changed by the matrix"},
        state="PersonProfile",
    )
    c = "/api/v1/capabilities/"
    yield Row("capability", "list", "GET", c, ALL)
    yield Row("capability", "read", "GET", c + "{capability}/", ALL)
    # Posting a capability for an organisation: its managers (and staff, who moderate public
    # profile content as they do the organisation's profile).
    yield Row(
        "capability",
        "create for home",
        "POST",
        c,
        MANAGERS | {"staff"},
        ALL,
        data=lambda w: {
            "owner_organisation": w.pk("home"),
            "title": "Matrix laser cutting",
            "description": "We cut steel sheet with a fibre laser.",
            "language": "en",
        },
        state="Capability",
    )
    yield Row(
        "capability",
        "update",
        "PATCH",
        c + "{capability}/",
        MANAGERS | {"staff"},
        ALL,
        data={"title": "Changed by the matrix"},
        state="Capability",
    )
    yield Row(
        "capability",
        "delete",
        "DELETE",
        c + "{capability}/",
        MANAGERS | {"staff"},
        ALL,
        state="Capability",
    )


def _challenge_rows(key: str) -> Iterable[Row]:
    seen = CHALLENGE_SEEN[key]
    insiders = INSIDERS[key]
    seen_signed = seen - {"anonymous"}
    obj = f"challenge ({key})"
    c = "/api/v1/challenges/{" + key + "}/"
    yield Row(obj, "list", "GET", "/api/v1/challenges/", ALL, hidden_item=key, listed_for=seen)
    yield Row(obj, "read", "GET", c, seen)
    # The brief is run by the posting organisation's owners and administrators.
    yield Row(
        obj,
        "update",
        "PATCH",
        c,
        MANAGERS,
        seen,
        data={"title": "Changed by the matrix"},
        business=True,
        state="Challenge",
    )
    yield Row(obj, "delete", "DELETE", c, MANAGERS, seen, business=True, state="Challenge")
    yield Row(obj, "transitions", "GET", c + "transitions/", insiders, seen)
    yield Row(
        obj,
        "transition",
        "POST",
        c + "transitions/",
        MANAGERS,
        seen,
        data={"to": "cancelled"},
        business=True,
        state="Challenge",
    )
    yield Row(obj, "quality", "GET", c + "quality/", MANAGERS, seen)
    yield Row(obj, "similar", "GET", c + "similar/", seen)
    yield Row(obj, "funding-hints", "GET", c + "funding-hints/", seen)
    yield Row(obj, "good-practices", "GET", c + "good-practices/", seen)
    yield Row(obj, "rubric", "GET", c + "rubric/", seen)
    yield Row(
        obj,
        "rubric update",
        "PUT",
        c + "rubric/",
        MANAGERS,
        seen,
        data={"criteria": []},
        business=True,
        state="RubricCriterion",
    )
    yield Row(obj, "invitees", "GET", c + "invitees/", MANAGERS, seen)
    yield Row(
        obj,
        "invitee add",
        "POST",
        c + "invitees/",
        MANAGERS,
        seen,
        data=lambda w: {"email": w.users["other_member"].email},
        business=True,
        state="ChallengeInvitee",
    )
    yield Row(obj, "coauthors", "GET", c + "coauthors/", insiders, seen)
    yield Row(
        obj,
        "coauthor add",
        "POST",
        c + "coauthors/",
        MANAGERS,
        seen,
        data=lambda w: {"email": w.users["member"].email},
        business=True,
        state="ChallengeCoauthor",
    )
    yield Row(obj, "endorsements", "GET", c + "endorsements/", seen)
    # Shop-floor workers endorse their own organisation's challenge.
    yield Row(
        obj,
        "endorse",
        "POST",
        c + "endorsements/",
        HOME,
        seen,
        data={"comment": "Yes."},
        business=True,
        state="ChallengeEndorsement",
    )
    yield Row(
        obj,
        "coaching request",
        "POST",
        c + "coaching-requests/",
        MANAGERS,
        seen,
        data=lambda w: {"intermediary": w.pk("centre")},
        business=True,
        state="BriefCoachingRequest",
    )
    # Reading and accepting the NDA: signed-in people who may see the challenge.
    yield Row(obj, "nda", "GET", c + "nda/", seen_signed, seen)
    yield Row(
        obj,
        "nda accept",
        "POST",
        c + "nda/",
        seen_signed,
        seen,
        data={"terms_version": "matrix-unknown"},
        business=True,
        state="NdaAcceptance",
    )
    yield Row(obj, "nda acceptances", "GET", c + "nda-acceptances/", MANAGERS, seen)
    yield Row(obj, "judges", "GET", c + "judges/", MANAGERS, seen)
    yield Row(
        obj,
        "judge invite",
        "POST",
        c + "judges/",
        MANAGERS,
        seen,
        data=lambda w: {"email": w.users["person"].email},
        business=True,
        state="Judge",
    )
    yield Row(obj, "panels", "GET", c + "panels/", MANAGERS, seen)
    yield Row(
        obj,
        "panel create",
        "POST",
        c + "panels/",
        MANAGERS,
        seen,
        data={"name": "Matrix"},
        business=True,
        state="Panel",
    )
    yield Row(obj, "assignments", "GET", c + "assignments/", MANAGERS, seen)
    yield Row(
        obj,
        "assign",
        "POST",
        c + "assignments/",
        MANAGERS,
        seen,
        data={"per_proposal": 1},
        business=True,
        state="Assignment",
    )
    yield Row(obj, "ranking", "GET", c + "ranking/", MANAGERS, seen)
    yield Row(obj, "award places", "GET", c + "award-places/", seen)
    yield Row(
        obj,
        "award place add",
        "POST",
        c + "award-places/",
        MANAGERS,
        seen,
        data={"rank": 9, "title": "Matrix place"},
        business=True,
        state="AwardPlace",
    )
    yield Row(obj, "awards", "GET", c + "awards/", MANAGERS, seen)
    yield Row(
        obj,
        "award grant",
        "POST",
        c + "awards/",
        MANAGERS,
        seen,
        data={},
        business=True,
        state="Award",
    )
    # Funding and refunds call Stripe when allowed: only the refusals are exercised.
    yield Row(obj, "funding", "GET", c + "funding/", MANAGERS, seen, run_allowed=False)
    yield Row(
        obj,
        "funding start",
        "POST",
        c + "funding/",
        MANAGERS,
        seen,
        data={},
        run_allowed=False,
        state="Payment",
    )
    yield Row(
        obj,
        "refund",
        "POST",
        c + "refunds/",
        MANAGERS,
        seen,
        data={},
        run_allowed=False,
        state="Payment",
    )


def _proposal_rows() -> Iterable[Row]:
    p = "/api/v1/proposals/{proposal}/"
    author = frozenset({"submitter"})
    yield Row(
        "proposal",
        "list",
        "GET",
        "/api/v1/proposals/",
        SIGNED,
        ALL,
        hidden_item="proposal",
        listed_for=PROPOSAL_SEEN,
    )
    yield Row(
        "proposal (draft)",
        "list",
        "GET",
        "/api/v1/proposals/",
        SIGNED,
        ALL,
        hidden_item="proposal_draft",
        listed_for=author,
    )
    yield Row("proposal", "read", "GET", p, PROPOSAL_SEEN)
    yield Row(
        "proposal",
        "create",
        "POST",
        "/api/v1/proposals/",
        # Anyone signed in who may see the challenge, not its own organisation.
        CHALLENGE_SEEN["c_public"] - HOME - {"anonymous"},
        ALL,
        data=lambda w: {
            "challenge": w.pk("c_public"),
            "kind": "person",
            "title": "Matrix new",
            "summary": "A new proposal.",
        },
        business=True,
        state="Proposal",
    )
    yield Row(
        "proposal",
        "update",
        "PATCH",
        p,
        author,
        PROPOSAL_SEEN,
        data={"title": "Changed"},
        business=True,
        state="Proposal",
    )
    # Proposals are withdrawn, never deleted: nobody has DELETE.
    yield Row("proposal", "delete", "DELETE", p, NOBODY, PROPOSAL_SEEN, state="Proposal")
    yield Row(
        "proposal",
        "withdraw",
        "POST",
        p + "withdraw/",
        author,
        PROPOSAL_SEEN,
        business=True,
        state="Proposal",
    )
    yield Row("proposal", "versions", "GET", p + "versions/", PROPOSAL_SEEN)
    # Feedback is written for the submitter by the challenge's managers; judges score only.
    yield Row(
        "proposal (won)",
        "feedback",
        "GET",
        "/api/v1/proposals/{proposal_won}/feedback/",
        author | MANAGERS,
    )
    yield Row(
        "proposal",
        "feedback send",
        "POST",
        p + "feedback/",
        MANAGERS,
        PROPOSAL_SEEN,
        data={"reason": "Matrix feedback."},
        business=True,
        state="Proposal",
    )
    d = "/api/v1/proposals/{proposal_draft}/"
    # A draft is its author's alone: managers and judges see proposals once submitted.
    yield Row("proposal (draft)", "read", "GET", d, author)
    yield Row(
        "proposal (draft)",
        "update",
        "PATCH",
        d,
        author,
        data={"title": "Changed"},
        state="Proposal",
    )
    yield Row(
        "proposal (draft)",
        "submit",
        "POST",
        d + "submit/",
        author,
        business=True,
        state="Proposal",
    )
    a = p + "attachments/"
    yield Row("attachment", "read", "GET", a + "{attachment}/", PROPOSAL_SEEN)
    yield Row(
        "attachment",
        "create",
        "POST",
        a,
        author,
        PROPOSAL_SEEN,
        multipart=True,
        business=True,
        state="ProposalAttachment",
    )
    yield Row(
        "attachment",
        "delete",
        "DELETE",
        a + "{attachment}/",
        author,
        PROPOSAL_SEEN,
        business=True,
        state="ProposalAttachment",
    )


def _judging_rows() -> Iterable[Row]:
    judge = frozenset({"judge"})
    a = "/api/v1/judging/assignments/{assignment}/"
    yield Row(
        "score",
        "list",
        "GET",
        "/api/v1/judging/assignments/",
        SIGNED,
        ALL,
        hidden_item="assignment",
        listed_for=judge,
    )
    # A judge's scores and private note are the judge's own until the ranking combines them.
    yield Row("score", "read", "GET", a, judge)
    yield Row(
        "score",
        "update",
        "PATCH",
        a,
        judge,
        data={"private_note": "Changed note."},
        business=True,
        state="Assignment",
    )
    yield Row(
        "note",
        "update",
        "PATCH",
        a,
        judge,
        data={"private_note": "Another note."},
        business=True,
        state="Assignment",
    )
    yield Row(
        "score",
        "conflict",
        "POST",
        a + "conflict/",
        judge,
        data={"reason": "My cousin."},
        business=True,
        state="ConflictOfInterest",
    )
    yield Row("judge invitation", "list", "GET", "/api/v1/judging/invitations/", SIGNED, ALL)


def _award_rows() -> Iterable[Row]:
    winner = frozenset({"submitter"})
    # Before the challenge is awarded publicly, the award is known to the challenge's
    # insiders and to the winner; anyone else gets 404.
    knows = HOME | winner
    w = "/api/v1/awards/{award}/"
    yield Row("award", "payment", "GET", w + "payment/", MANAGERS | winner, knows)
    yield Row(
        "award",
        "pay",
        "POST",
        w + "payment/",
        MANAGERS,
        knows,
        data={},
        run_allowed=False,
        state="Award",
    )
    yield Row("award", "shares", "GET", w + "shares/", winner, knows)
    yield Row(
        "award",
        "shares update",
        "PUT",
        w + "shares/",
        winner,
        knows,
        data={"shares": []},
        business=True,
        state="TeamShare",
    )
    yield Row(
        "award",
        "shares agree",
        "POST",
        w + "shares/agree/",
        winner,
        knows,
        business=True,
        state="TeamShare",
    )
    yield Row(
        "award",
        "revoke",
        "POST",
        "/api/v1/challenges/{c_award}/awards/{award}/revoke/",
        MANAGERS,
        ALL,
        data={"reason": "Matrix."},
        business=True,
        state="Award",
    )


def _team_run_rows() -> Iterable[Row]:
    educator = frozenset({"educator"})
    student = frozenset({"student"})
    r = "/api/v1/team-runs/{run}/"
    # Runs are private to their educators and the students taking part. STRICTER: not staff.
    yield Row(
        "team run",
        "list",
        "GET",
        "/api/v1/team-runs/",
        SIGNED,
        ALL,
        hidden_item="run",
        listed_for=RUN_PEOPLE,
    )
    yield Row("team run", "read", "GET", r, RUN_PEOPLE)
    yield Row(
        "team run",
        "update",
        "PATCH",
        r,
        educator,
        RUN_PEOPLE,
        data={"title": "Changed"},
        state="TeamRun",
    )
    yield Row("team run", "challenges", "GET", r + "challenges/", RUN_PEOPLE)
    yield Row(
        "team run",
        "challenge add",
        "POST",
        r + "challenges/",
        educator,
        RUN_PEOPLE,
        data={"title": "Matrix second", "teams": 1},
        business=True,
        state="RunChallenge",
    )
    rc = r + "challenges/{run_challenge}/"
    yield Row("team run challenge", "read", "GET", rc, RUN_PEOPLE)
    yield Row(
        "team run challenge",
        "update",
        "PATCH",
        rc,
        educator,
        RUN_PEOPLE,
        data={"title": "Changed"},
        business=True,
        state="RunChallenge",
    )
    yield Row(
        "team run challenge",
        "delete",
        "DELETE",
        rc,
        educator,
        RUN_PEOPLE,
        business=True,
        state="RunChallenge",
    )
    yield Row("team run", "students", "GET", r + "students/", RUN_PEOPLE)
    yield Row("team run", "teams", "GET", r + "teams/", RUN_PEOPLE)
    for action in ["solve", "lock", "swap", "move", "publish", "invitations", "educators"]:
        yield Row(
            "team run",
            action,
            "POST",
            r + action + "/",
            educator,
            RUN_PEOPLE,
            data={},
            business=True,
            state="TeamRun",
        )
    yield Row("team run", "peer evaluations", "GET", r + "peer-evaluations/", RUN_PEOPLE)
    yield Row(
        "team run",
        "evaluation summary",
        "GET",
        r + "peer-evaluations/summary/",
        educator,
        RUN_PEOPLE,
    )
    # The survey answer is the student's own; the educator reads it in the responses list.
    yield Row("survey answer", "read", "GET", r + "students/me/", student, RUN_PEOPLE)
    yield Row(
        "survey answer",
        "update",
        "PUT",
        r + "students/me/",
        student,
        RUN_PEOPLE,
        data={},
        business=True,
        state="RunStudent",
    )


def _room_rows() -> Iterable[Row]:
    members, contributors = ROOM_MEMBERS, ROOM_CONTRIBUTORS
    owner = frozenset({"owner"})
    r = "/api/v1/rooms/{room}/"
    yield Row(
        "room",
        "list",
        "GET",
        "/api/v1/rooms/",
        SIGNED,
        ALL,
        hidden_item="room",
        listed_for=members,
    )
    yield Row("room", "read", "GET", r, members)
    yield Row("room", "update", "PATCH", r, owner, members, data={"name": "Changed"}, state="Room")
    yield Row(
        "room (other)", "read", "GET", "/api/v1/rooms/{other_room}/", frozenset({"other_owner"})
    )
    yield Row("room member", "list", "GET", r + "members/", members)
    yield Row(
        "room member",
        "update",
        "PATCH",
        r + "members/{member_user}/",
        owner,
        members,
        data={"role": "observer"},
        state="RoomMember",
    )
    yield Row(
        "room member",
        "delete",
        "DELETE",
        r + "members/{member_user}/",
        owner | {"member"},
        members,
        state="RoomMember",
    )  # leaving is a member's own choice
    yield Row(
        "room invitation",
        "create",
        "POST",
        r + "invitations/",
        owner,
        members,
        data={"email": "matrix.guest@example.org", "role": "member"},
        state="RoomInvitation",
    )
    yield Row("room activity", "list", "GET", r + "activity/", members)
    for kind, coll, item, data, model in [
        ("thread", "threads", "thread", {"title": "Matrix second"}, "Thread"),
        ("milestone", "milestones", "milestone", {"title": "Matrix second"}, "Milestone"),
        ("board column", "columns", "column", {"name": "Matrix column"}, "BoardColumn"),
        (
            "board card",
            "cards",
            "card",
            lambda w: {"column": w.pk("column"), "title": "M2"},
            "Card",
        ),
        ("file", "files", "file", None, "RoomFile"),
    ]:
        yield Row(kind, "list", "GET", r + coll + "/", members)
        yield Row(
            kind,
            "create",
            "POST",
            r + coll + "/",
            contributors,
            members,
            data=data,
            multipart=kind == "file",
            state=model,
        )
        if kind != "board column":
            yield Row(kind, "read", "GET", r + coll + "/{" + item + "}/", members)
    yield Row(
        "thread",
        "resolve",
        "PATCH",
        r + "threads/{thread}/",
        contributors,
        members,
        data={"resolved": True},
        state="Thread",
    )
    yield Row(
        "milestone",
        "update",
        "PATCH",
        r + "milestones/{milestone}/",
        contributors,
        members,
        data={"status": "done"},
        business=True,
        state="Milestone",
    )
    yield Row(
        "milestone",
        "delete",
        "DELETE",
        r + "milestones/{milestone}/",
        contributors,
        members,
        state="Milestone",
    )
    yield Row(
        "deliverable",
        "create",
        "POST",
        r + "milestones/{milestone}/deliverables/",
        contributors,
        members,
        data={"title": "Matrix second"},
        state="Deliverable",
    )
    yield Row(
        "deliverable",
        "update",
        "PATCH",
        r + "deliverables/{deliverable}/",
        contributors,
        members,
        data={"title": "Changed"},
        state="Deliverable",
    )
    yield Row(
        "deliverable",
        "delete",
        "DELETE",
        r + "deliverables/{deliverable}/",
        contributors,
        members,
        state="Deliverable",
    )
    yield Row(
        "board column",
        "update",
        "PATCH",
        r + "columns/{column}/",
        contributors,
        members,
        data={"name": "Changed"},
        business=True,
        state="BoardColumn",
    )
    yield Row(
        "board card",
        "update",
        "PATCH",
        r + "cards/{card}/",
        contributors,
        members,
        data={"title": "Changed"},
        state="Card",
    )
    yield Row(
        "board card",
        "move",
        "POST",
        r + "cards/{card}/move/",
        contributors,
        members,
        data=lambda w: {"column": w.pk("column"), "position": 0},
        state="Card",
    )
    yield Row(
        "board card",
        "delete",
        "DELETE",
        r + "cards/{card}/",
        contributors,
        members,
        state="Card",
    )
    yield Row("board card comment", "list", "GET", r + "cards/{card}/comments/", members)
    yield Row(
        "board card comment",
        "create",
        "POST",
        r + "cards/{card}/comments/",
        contributors,
        members,
        data={"body": "Matrix comment"},
        state="CardComment",
    )
    yield Row("file", "download", "GET", r + "files/{file}/download/", members)
    # A file is removed by whoever uploaded it or by the room's owner (it was the owner's).
    yield Row("file", "delete", "DELETE", r + "files/{file}/", owner, members, state="RoomFile")
    m = r + "messages/"
    yield Row("message", "list", "GET", m, members)
    yield Row("message", "search", "GET", m + "search/?q=Matrix", members)
    yield Row(
        "message",
        "send",
        "POST",
        m,
        contributors,
        members,
        data={"client_id": "0b7e0a36-5c3a-4b9f-9a7a-7e1f9f6d2c11", "body": "Matrix hello"},
        state="Message",
    )
    # Editing and deleting a message: its author only (the owner wrote it).
    yield Row(
        "message",
        "edit",
        "PATCH",
        m + "{message}/",
        owner,
        members,
        data={"body": "Changed"},
        state="Message",
    )
    yield Row("message", "delete", "DELETE", m + "{message}/", owner, members, state="Message")
    yield Row("read state", "read", "GET", r + "read/", members)
    yield Row(
        "read state",
        "update",
        "PUT",
        r + "read/",
        members,
        data=lambda w: {"seq": w["message"].seq},
        business=True,
    )


def _notification_and_coaching_rows() -> Iterable[Row]:
    owner = frozenset({"owner"})
    yield Row(
        "notification",
        "list",
        "GET",
        "/api/v1/notifications/",
        SIGNED,
        ALL,
        hidden_item="notification",
        listed_for=owner,
    )
    yield Row(
        "notification",
        "mark read",
        "POST",
        "/api/v1/notifications/{notification}/read/",
        owner,
        state="Notification",
    )
    # A coaching request is between the firm's managers and the coaching organisation.
    yield Row(
        "coaching request",
        "close",
        "POST",
        "/api/v1/coaching-requests/{coaching}/close/",
        MANAGERS | {"intermediary"},
        data={"answer": "Matrix advice."},
        business=True,
        state="BriefCoachingRequest",
    )


def _page_rows() -> Iterable[Row]:
    def page(
        obj: str,
        op: str,
        path: str,
        allow: frozenset[str],
        know: frozenset[str] = NOBODY,
        method: str = "GET",
        **kw: Any,
    ) -> Row:
        return Row(obj, op, method, path, allow, know, surface="page", **kw)

    yield page("organisation", "read", "/organisaties/{home}/", ALL)
    yield page("organisation", "edit", "/organisaties/{home}/bewerken/", MANAGERS | {"staff"}, ALL)
    yield page("organisation", "export", "/organisaties/{home}/export/", frozenset({"owner"}), ALL)
    yield page("membership", "list", "/organisaties/{home}/leden/", HOME | {"staff"}, ALL)
    yield page(
        "invitation",
        "create",
        "/organisaties/{home}/leden/uitnodigen/",
        MANAGERS | {"staff"},
        ALL,
        method="POST",
        data={"email": "page.invitee@example.org", "role": "member"},
        business=True,
        state="Invitation",
    )
    yield page(
        "invitation",
        "revoke",
        "/organisaties/{home}/uitnodigingen/{invitation}/intrekken/",
        MANAGERS | {"staff"},
        ALL,
        method="POST",
        state="Invitation",
    )
    yield page(
        "membership",
        "delete",
        "/organisaties/{home}/leden/{membership}/verwijderen/",
        MANAGERS | {"staff"} | {"member"},
        ALL,
        method="POST",
        state="Membership",
    )
    yield page("profile", "read public", "/mensen/{profile_public}/", ALL)
    yield page("profile", "read unlisted", "/mensen/{profile_unlisted}/", SIGNED)
    yield page("capability", "read", "/capaciteiten/{capability}/", ALL)
    yield page(
        "capability", "edit", "/capaciteiten/{capability}/bewerken/", MANAGERS | {"staff"}, ALL
    )
    yield page(
        "capability", "delete", "/capaciteiten/{capability}/verwijderen/", MANAGERS | {"staff"}, ALL
    )
    yield page(
        "capability",
        "delete",
        "/capaciteiten/{capability}/verwijderen/",
        MANAGERS | {"staff"},
        ALL,
        method="POST",
        state="Capability",
    )
    for key, seen in CHALLENGE_SEEN.items():
        obj = f"challenge ({key})"
        c = "/challenges/{" + key + "}/"
        yield page(obj, "list", "/challenges/", ALL, hidden_item=key, listed_for=seen)
        yield page(obj, "read", c, seen)
        # The wizard edits briefs until judging starts; an evaluating brief is fixed.
        editors = NOBODY if key == "c_award" else MANAGERS
        yield page(obj, "edit", c + "edit/problem/", editors, seen)
        yield page(obj, "review", c + "review/", MANAGERS, seen)
        yield page(obj, "nda", c + "nda/", seen - {"anonymous"}, seen)
        yield page(obj, "nda log", c + "ndas/", MANAGERS, seen)
        yield page(obj, "proposals", c + "proposals/", MANAGERS, seen)
        yield page(obj, "judging", c + "judging/", MANAGERS, seen)
        yield page(obj, "rubric", c + "rubric/", MANAGERS, seen)
        yield page(obj, "invitees", c + "invitees/", MANAGERS, seen)
        yield page(obj, "awards", c + "awards/", MANAGERS, seen)
        yield page(obj, "solver suggestions", c + "solvers/", MANAGERS, seen)
        yield page(
            obj,
            "funding",
            "/betalingen/uitdaging/{" + key + "}/financiering/",
            MANAGERS,
            seen,
            run_allowed=False,
        )
        yield page(
            obj,
            "transition",
            c + "transition/",
            MANAGERS,
            seen,
            method="POST",
            data={"to": "cancelled"},
            business=True,
            state="Challenge",
        )
    author = frozenset({"submitter"})
    p = "/proposals/{proposal}/"
    yield page("proposal", "read", p, PROPOSAL_SEEN)
    yield page("proposal", "edit", p + "edit/", author, PROPOSAL_SEEN, business=True)
    # The receipt is the submitter's proof of submission.
    yield page("proposal", "receipt", p + "receipt/", author, PROPOSAL_SEEN)
    yield page("proposal", "version", p + "versions/1/", PROPOSAL_SEEN)
    # The page where the challenge's managers write the feedback (the submitter reads it on
    # the proposal).
    yield page("proposal", "feedback", p + "feedback/", MANAGERS, PROPOSAL_SEEN)
    yield page(
        "proposal",
        "withdraw",
        p + "withdraw/",
        author,
        PROPOSAL_SEEN,
        method="POST",
        business=True,
        state="Proposal",
    )
    yield page("attachment", "read", p + "attachments/{attachment}/", PROPOSAL_SEEN)
    yield page(
        "attachment",
        "delete",
        p + "attachments/{attachment}/delete/",
        author,
        PROPOSAL_SEEN,
        method="POST",
        business=True,
        state="ProposalAttachment",
    )
    yield page("proposal (draft)", "read", "/proposals/{proposal_draft}/", author)
    yield page("proposal (draft)", "edit", "/proposals/{proposal_draft}/edit/", author)
    yield page("score", "read", "/judging/assignments/{assignment}/", frozenset({"judge"}))
    yield page(
        "judge invitation", "read", "/judging/invitations/{judge_row}/", frozenset({"judge"})
    )
    yield page("notification", "list", "/notifications/", SIGNED, ALL)
    r = "/projectruimtes/{room}/"
    yield page(
        "room", "list", "/projectruimtes/", SIGNED, ALL, hidden_item="room", listed_for=ROOM_MEMBERS
    )
    yield page("room", "read", r, ROOM_MEMBERS)
    for section in ["board", "milestones", "files", "threads", "members", "activity"]:
        yield page(f"room {section}", "read", r + f"deel/{section}/", ROOM_MEMBERS)
    yield page("room card", "read", r + "kaarten/{card}/", ROOM_MEMBERS)
    for op, path, data, model in [
        ("card edit", "kaarten/{card}/bewerken/", {"title": "Page edit"}, "Card"),
        ("card comment", "kaarten/{card}/reacties/", {"body": "Page comment"}, "CardComment"),
        (
            "message send",
            "bericht/",
            {"body": "Matrix page hello", "client_id": "9d7e0a36-5c3a-4b9f-9a7a-7e1f9f6d2c12"},
            "Message",
        ),
        (
            "card create",
            "kaarten/",
            lambda w: {"title": "Page card", "column": w.pk("column")},
            "Card",
        ),
        ("milestone create", "mijlpalen/", {"title": "Page milestone"}, "Milestone"),
        ("thread create", "draden/", {"title": "Page thread"}, "Thread"),
    ]:
        yield page(
            "room",
            op,
            r + path,
            ROOM_CONTRIBUTORS,
            ROOM_MEMBERS,
            method="POST",
            data=data,
            business=True,
            state=model,
        )
    yield page(
        "room member",
        "delete",
        r + "leden/{member_user}/verwijderen/",
        frozenset({"owner", "member"}),
        ROOM_MEMBERS,
        method="POST",
        state="RoomMember",
    )
    t = "/teamvorming/{run}/"
    educator = frozenset({"educator"})
    yield page("team run", "read", t, RUN_PEOPLE)
    yield page("team run", "edit", t + "bewerken/", educator, RUN_PEOPLE)
    yield page("team run", "responses", t + "antwoorden/", educator, RUN_PEOPLE)
    yield page("team run", "teams", t + "teams/", educator, RUN_PEOPLE)
    yield page("team run", "evaluations", t + "evaluaties/", educator, RUN_PEOPLE)
    yield page("survey answer", "read", t + "enquete/", frozenset({"student"}), RUN_PEOPLE)
    yield page("team run", "my team", t + "mijn-team/", frozenset({"student"}), RUN_PEOPLE)
    yield page(
        "coaching request",
        "close",
        "/coaching/{coaching}/sluiten/",
        MANAGERS | {"intermediary"},
        method="POST",
        data={"answer": "Advice."},
        business=True,
        state="BriefCoachingRequest",
    )


ROWS: list[Row] = list(_rows())
API_ROWS = [row for row in ROWS if row.surface == "api"]
PAGE_ROWS = [row for row in ROWS if row.surface == "page"]


@dataclass
class SocketRow:
    room: str
    allow: frozenset[str]
    expected_close: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# Room sockets: members connect; everyone else is refused at the handshake.
SOCKET_ROWS = [SocketRow("room", ROOM_MEMBERS), SocketRow("other_room", frozenset({"other_owner"}))]
