"""Pages of the challenge marketplace (inside i18n_patterns). The challenge and proposal pages
keep the English paths /challenges/<id>/ and /proposals/<id>/ that models and notifications
link to; the other pages follow the same English style (/judging/ is also linked from
notifications)."""

from django.urls import URLPattern, URLResolver, path

from frontend.challenges import (
    awards,
    browse,
    coaching,
    detail,
    invitees,
    judging,
    library,
    ndas,
    notifications,
    proposals,
    rubric,
    wizard,
)

C = "challenges/<int:pk>/"
P = "proposals/<int:pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    # Browse, read, author
    path("challenges/", browse.challenge_list, name="challenge_list"),
    path("challenges/new/", wizard.challenge_new, name="challenge_new"),
    path(C, detail.challenge_detail, name="challenge_detail"),
    path(C + "edit/<slug:step>/", wizard.challenge_step, name="challenge_step"),
    path(C + "review/", wizard.challenge_review, name="challenge_review"),
    path(C + "coaching/", wizard.coaching_request, name="challenge_coaching"),
    path(C + "transition/", detail.challenge_transition_view, name="challenge_transition"),
    path(C + "endorse/", detail.challenge_endorse, name="challenge_endorse"),
    path(C + "coauthors/", detail.coauthor_add, name="challenge_coauthor_add"),
    path(C + "solvers/", detail.solver_suggestions, name="challenge_solvers"),
    path(C + "rubric/", rubric.challenge_rubric, name="challenge_rubric"),
    path(C + "invitees/", invitees.challenge_invitees, name="challenge_invitees"),
    path(C + "solvers/invite/", invitees.solver_invite, name="challenge_solver_invite"),
    path(
        C + "invitees/<int:invitee_pk>/remove/",
        invitees.invitee_remove,
        name="challenge_invitee_remove",
    ),
    path("coaching/", coaching.coaching_requests, name="coaching_requests"),
    path("coaching/<int:pk>/sluiten/", coaching.coaching_close, name="coaching_close"),
    # NDA
    path(C + "nda/", ndas.nda_page, name="challenge_nda"),
    path(C + "ndas/", ndas.nda_log, name="challenge_nda_log"),
    path(C + "ndas/<int:acceptance_pk>/revoke/", ndas.nda_revoke_view, name="challenge_nda_revoke"),
    # Proposals
    path(C + "proposals/", proposals.challenge_proposals, name="challenge_proposals"),
    path(C + "proposals/new/", proposals.proposal_new, name="proposal_new"),
    path("proposals/", proposals.my_proposals, name="my_proposals"),
    path(P, proposals.proposal_detail, name="proposal_detail"),
    path(P + "edit/", proposals.proposal_edit, name="proposal_edit"),
    path(P + "submit/", proposals.proposal_submit, name="proposal_submit"),
    path(P + "receipt/", proposals.proposal_receipt, name="proposal_receipt"),
    path(P + "withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path(P + "versions/<int:number>/", proposals.proposal_version, name="proposal_version"),
    path(P + "attachments/", proposals.attachment_upload, name="proposal_attachment_upload"),
    path(
        P + "attachments/<int:attachment_pk>/",
        proposals.attachment_download,
        name="proposal_attachment",
    ),
    path(
        P + "attachments/<int:attachment_pk>/delete/",
        proposals.attachment_delete,
        name="proposal_attachment_delete",
    ),
    path(P + "feedback/", judging.proposal_feedback, name="proposal_feedback"),
    # Judging
    path(C + "judging/", judging.challenge_judging, name="challenge_judging"),
    path(C + "judging/judges/", judging.judge_invite, name="challenge_judge_invite"),
    path(C + "judging/panels/", judging.panel_create, name="challenge_panel_create"),
    path(C + "judging/assignments/", judging.assignments_bulk, name="challenge_assign"),
    path("judging/", judging.judge_home, name="judge_home"),
    path("judging/invitations/<int:pk>/", judging.judge_invitation, name="judge_invitation"),
    path("judging/assignments/<int:pk>/", judging.assignment_score, name="assignment_score"),
    path(
        "judging/assignments/<int:pk>/conflict/",
        judging.assignment_conflict,
        name="assignment_conflict",
    ),
    # Awards
    path(C + "awards/", awards.challenge_awards, name="challenge_awards"),
    path(C + "awards/places/", awards.award_place_add, name="challenge_award_place_add"),
    path(C + "awards/grant/", awards.award_grant_view, name="challenge_award_grant"),
    path(
        C + "awards/<int:award_pk>/revoke/",
        awards.award_revoke_view,
        name="challenge_award_revoke",
    ),
    # Library
    path("good-practices/", library.good_practice_list, name="good_practice_list"),
    path("good-practices/<slug:slug>/", library.good_practice_detail, name="good_practice_detail"),
    path("starter-kits/", library.starter_kit_list, name="starter_kit_list"),
    path("starter-kits/panel/", library.starter_kit_panel, name="starter_kit_panel"),
    path("starter-kits/<slug:sector>/", library.starter_kit_detail, name="starter_kit_detail"),
    # Notifications
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/read/", notifications.notification_mark_read, name="notification_read"),
    path("notifications/badge/", notifications.notification_badge, name="notification_badge"),
    path(
        "notifications/preferences/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
]
