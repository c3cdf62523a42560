"""The seeded world the authorisation matrix walks: one object of every kind, built through the
services (so it is in states the application itself produces), and one person for every role.

Roles are relative to the "home" organisation, which posts the challenges and owns the room;
"other" is a second company whose people must learn nothing of home's confidential objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chat.sending import message_send
from collab.models import MemberRole
from collab.services import board, files, milestones, rooms, threads
from marketplace.models import AwardPlace, Invitation, Notification, User
from marketplace.models.challenges import Status
from marketplace.models.organisations import Role
from marketplace.services import awards, judging, ndas, participation, proposals
from marketplace.services.organisations import invitation_send
from tests.factories import (
    CapabilityFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonProfileFactory,
    UserFactory,
)
from tests.marketplace.challenges.factories import (
    accept_nda,
    make_challenge,
    make_judge,
    make_proposal,
    pass_deadline,
)
from tests.marketplace.teams.run_builders import add_challenge, add_student, make_run

# Every role of the matrix. Anonymous is a visitor without an account.
ROLES = [
    "anonymous",
    "person",  # signed in, no organisation (invited personally to the invited-only challenge)
    "member",  # of home, the object's organisation
    "admin",
    "owner",
    "other_member",  # of another company
    "other_admin",
    "other_owner",
    "judge",  # accepted judge of the public challenge, assigned to its proposal
    "educator",  # runs the team-formation run (member of a university)
    "student",  # took part in that run and answered its survey
    "intermediary",  # member of a knowledge centre coaching home's draft brief
    "staff",  # platform staff
    "submitter",  # owner of a solver company, author of the proposals, won the award
    "nda_signer",  # accepted the public challenge's NDA
    "nda_revoked",  # accepted it, and the owner revoked the acceptance
    "observer",  # observer in home's project room
]

# A unique marker in every confidential detail: no body may carry it to a role without access.
MARKERS = {
    "c_public": "CONFIDENTIAL-MARKER-7Q2-PUBLIC",
    "c_registered": "CONFIDENTIAL-MARKER-7Q2-REGISTERED",
    "c_invited": "CONFIDENTIAL-MARKER-7Q2-INVITED",
    "c_draft": "CONFIDENTIAL-MARKER-7Q2-DRAFT",
    "c_award": "CONFIDENTIAL-MARKER-7Q2-AWARD",
}


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]

    def pk(self, key: str) -> int:
        return int(self.objects[key].pk)


def seed() -> World:
    world = World()
    users = world.users
    o = world.objects
    users["anonymous"] = None

    home = OrganisationFactory(name="Houtatelier Thuis")
    other = OrganisationFactory(name="Andere Metaal NV")
    university = OrganisationFactory(name="Hogeschool Matrix", kind="university")
    centre = OrganisationFactory(name="Kenniscentrum Matrix", kind="knowledge_centre")
    solver_org = OrganisationFactory(name="Solver Matrix BV")
    o.update(home=home, other=other, university=university, centre=centre, solver_org=solver_org)

    for role, organisation, org_role in [
        ("member", home, Role.MEMBER),
        ("admin", home, Role.ADMIN),
        ("owner", home, Role.OWNER),
        ("other_member", other, Role.MEMBER),
        ("other_admin", other, Role.ADMIN),
        ("other_owner", other, Role.OWNER),
        ("educator", university, Role.MEMBER),
        ("intermediary", centre, Role.MEMBER),
        ("submitter", solver_org, Role.OWNER),
    ]:
        users[role] = MembershipFactory(organisation=organisation, role=org_role).user
    for role in ["person", "judge", "student", "staff", "nda_signer", "nda_revoked", "observer"]:
        users[role] = UserFactory()
    users["staff"].is_staff = True
    users["staff"].save(update_fields=["is_staff"])
    owner = users["owner"]

    o["membership"] = home.memberships.get(user=users["member"])
    o["invitation"] = invitation_send(
        actor=owner, organisation=home, email="newcomer@matrix.example", role=Role.MEMBER
    )
    assert isinstance(o["invitation"], Invitation)
    o["profile_public"] = PersonProfileFactory(user=users["person"], listed_publicly=True)
    o["profile_unlisted"] = PersonProfileFactory(user=users["student"], listed_publicly=False)
    o["capability"] = CapabilityFactory(owner_organisation=home, title="Matrix CNC milling")

    # Challenges by visibility and state; every one carries its marker in the confidential part.
    o["c_public"] = make_challenge(
        owner, home, Status.OPEN, confidential_detail=MARKERS["c_public"]
    )
    o["c_registered"] = make_challenge(
        owner,
        home,
        Status.OPEN,
        visibility="registered",
        confidential_detail=MARKERS["c_registered"],
    )
    o["c_invited"] = make_challenge(
        owner, home, Status.OPEN, visibility="invited", confidential_detail=MARKERS["c_invited"]
    )
    o["c_draft"] = make_challenge(owner, home, Status.DRAFT, confidential_detail=MARKERS["c_draft"])
    participation.invitee_add(actor=owner, challenge=o["c_invited"], user=users["person"])
    o["coaching"] = participation.coaching_request(
        actor=owner, challenge=o["c_draft"], intermediary=centre
    )

    c_public = o["c_public"]
    for role in ["submitter", "nda_signer", "nda_revoked"]:
        accept_nda(users[role], c_public)
    revoked = c_public.nda_acceptances.get(user=users["nda_revoked"])
    ndas.nda_revoke(actor=owner, acceptance=revoked)
    o["nda_acceptance"] = c_public.nda_acceptances.get(user=users["nda_signer"])

    submitter = users["submitter"]
    o["proposal"] = make_proposal(submitter, c_public, title="Matrix proposal")
    o["proposal_draft"] = make_proposal(submitter, c_public, submit=False, title="Matrix draft")
    o["attachment"] = proposals.attachment_add(
        user=submitter,
        proposal=o["proposal"],
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 matrix plan", "application/pdf"),
    )
    make_judge(owner, c_public, user=users["judge"])
    judging.assignments_bulk(challenge=c_public, per_proposal=1)
    o["judge_row"] = c_public.judges.get(user=users["judge"])
    o["assignment"] = o["judge_row"].assignments.get()
    criterion = c_public.criteria.first()
    o["assignment"] = judging.evaluation_save(
        assignment=o["assignment"],
        scores=[{"criterion": criterion.key, "value": 3}],
        private_note="Matrix private note.",
    )

    # A challenge that was awarded: evaluating, with a place and its award to the submitter.
    c_award = make_challenge(owner, home, Status.OPEN, confidential_detail=MARKERS["c_award"])
    accept_nda(submitter, c_award)
    o["proposal_won"] = make_proposal(submitter, c_award, title="Matrix winner")
    c_award = pass_deadline(c_award)
    from marketplace.services.challenges import challenge_transition

    c_award = challenge_transition(actor=owner, challenge=c_award, to=Status.EVALUATING)
    place = AwardPlace.objects.create(challenge=c_award, rank=1, title="Winner")
    o["c_award"] = c_award
    o["award"] = awards.award_grant(actor=owner, place=place, proposal=o["proposal_won"])
    judging.feedback_send(
        actor=owner,
        proposal=o["proposal_won"],
        reason="Matrix feedback: a clear, well-priced plan.",
        scores={criterion.key: 5 for criterion in c_award.criteria.all()},
    )

    # Team formation: the educator's run, with the student's survey answer.
    run = make_run(users["educator"], university)
    run_challenge = add_challenge(run, title="Matrix packaging")
    o["run"] = run
    o["run_challenge"] = run_challenge
    o["survey"] = add_student(run, user=users["student"], prefs=[run_challenge])

    # Home's project room and everything in it.
    room = rooms.room_create(
        name="Matrix room",
        created_by=owner,
        members=[
            (users["member"], MemberRole.MEMBER),
            (submitter, MemberRole.MEMBER),
            (users["observer"], MemberRole.OBSERVER),
        ],
    )
    o["room"] = room
    o["member_user"] = users["member"]
    o["thread"] = threads.thread_create(actor=owner, room=room, title="Matrix thread")
    o["milestone"] = milestones.milestone_save(
        actor=owner, room=room, title="Matrix milestone", due_date=timezone.now().date()
    )
    o["deliverable"] = milestones.deliverable_save(
        actor=owner, milestone=o["milestone"], title="Matrix deliverable"
    )
    o["column"] = room.columns.order_by("position").first()
    o["card"] = board.card_create(actor=owner, room=room, column=o["column"], title="Matrix card")
    o["file"] = files.file_upload(
        actor=owner,
        room=room,
        upload=SimpleUploadedFile("notes.txt", b"matrix room notes", "text/plain"),
    )
    result = message_send(
        user=owner,
        room_id=room.pk,
        client_id="6f1c2d4e-8a9b-4c3d-9e0f-1a2b3c4d5e6f",
        body="Matrix message",
    )
    from chat.models import Message

    o["message"] = Message.objects.get(pk=result.ack["id"])
    o["other_room"] = rooms.room_create(name="Other room", created_by=users["other_owner"])

    o["notification"] = Notification.objects.create(
        user=owner, kind="award", title="Matrix notice", body="For the owner only."
    )
    o["future"] = timezone.now() + timedelta(days=3)
    return world
