from django.urls import path

from socius.proposals import views_public, views_sign, views_staff
from socius.proposals.feeds import ProposalFeed

app_name = "proposals"

urlpatterns = [
    path("", views_public.proposal_list, name="proposal-list"),
    path("nyt/", views_public.proposal_edit, name="proposal-create"),
    path("skrivehjaelp/", views_public.writing_help_view, name="writing-help"),
    path("feed/", ProposalFeed(), name="feed"),
    path("kvittering/", views_public.receipt_check, name="receipt-check"),
    path("oidc/callback/", views_sign.oidc_callback, name="oidc-callback"),
    path(
        "medforslagsstiller/<str:token>/",
        views_public.coproposer_confirm,
        name="coproposer-confirm",
    ),
    path("administration/", views_staff.staff_queue, name="staff-queue"),
    path("administration/indstillinger/", views_staff.staff_settings, name="staff-settings"),
    path("administration/<uuid:public_id>/", views_staff.staff_proposal, name="staff-proposal"),
    path(
        "administration/<uuid:public_id>/<slug:action>/",
        views_staff.staff_action,
        name="staff-action",
    ),
    path(
        "administration/<uuid:public_id>/underskrivere.csv",
        views_staff.signer_export,
        name="signer-export",
    ),
    path("<uuid:public_id>/", views_public.proposal_detail, name="proposal-detail"),
    path("<uuid:public_id>/rediger/", views_public.proposal_edit, name="proposal-edit"),
    path(
        "<uuid:public_id>/medforslagsstillere/",
        views_public.coproposers_invite,
        name="coproposers-invite",
    ),
    path("<uuid:public_id>/indsend/", views_public.proposal_submit, name="proposal-submit"),
    path(
        "<uuid:public_id>/traek-tilbage/", views_public.proposal_withdraw, name="proposal-withdraw"
    ),
    path("<uuid:public_id>/foelg/", views_public.proposal_follow, name="proposal-follow"),
    path("<uuid:public_id>/skriv-under/", views_sign.proposal_sign, name="proposal-sign"),
    path("<uuid:public_id>/mitid/", views_sign.sign_start, name="sign-start"),
    path("<uuid:public_id>/optaelling/", views_public.proposal_tallies, name="proposal-tallies"),
    path(
        "<uuid:public_id>/optaelling/<str:day>/blade.txt",
        views_public.tally_leaves,
        name="tally-leaves",
    ),
]
