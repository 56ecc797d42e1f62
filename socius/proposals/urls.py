from django.urls import path

from socius.proposals.feeds import ProposalFeed
from socius.proposals.views import public, sign, staff

app_name = "proposals"

urlpatterns = [
    path("", public.proposal_list, name="proposal-list"),
    path("nyt/", public.proposal_edit, name="proposal-create"),
    path("skrivehjaelp/", public.writing_help_view, name="writing-help"),
    path("feed/", ProposalFeed(), name="feed"),
    path("kvittering/", public.receipt_check, name="receipt-check"),
    path("oidc/callback/", sign.oidc_callback, name="oidc-callback"),
    path(
        "medforslagsstiller/<str:token>/",
        public.coproposer_confirm,
        name="coproposer-confirm",
    ),
    path("administration/", staff.staff_queue, name="staff-queue"),
    path("administration/indstillinger/", staff.staff_settings, name="staff-settings"),
    path("administration/<uuid:public_id>/", staff.staff_proposal, name="staff-proposal"),
    path(
        "administration/<uuid:public_id>/<slug:action>/",
        staff.staff_action,
        name="staff-action",
    ),
    path(
        "administration/<uuid:public_id>/underskrivere.csv",
        staff.signer_export,
        name="signer-export",
    ),
    path("<uuid:public_id>/", public.proposal_detail, name="proposal-detail"),
    path("<uuid:public_id>/rediger/", public.proposal_edit, name="proposal-edit"),
    path(
        "<uuid:public_id>/medforslagsstillere/",
        public.coproposers_invite,
        name="coproposers-invite",
    ),
    path("<uuid:public_id>/indsend/", public.proposal_submit, name="proposal-submit"),
    path("<uuid:public_id>/traek-tilbage/", public.proposal_withdraw, name="proposal-withdraw"),
    path("<uuid:public_id>/foelg/", public.proposal_follow, name="proposal-follow"),
    path("<uuid:public_id>/skriv-under/", sign.proposal_sign, name="proposal-sign"),
    path(
        "<uuid:public_id>/skriv-under/traek-tilbage/",
        sign.signature_withdraw_view,
        name="signature-withdraw",
    ),
    path("<uuid:public_id>/mitid/", sign.sign_start, name="sign-start"),
    path("<uuid:public_id>/optaelling/", public.proposal_tallies, name="proposal-tallies"),
    path(
        "<uuid:public_id>/optaelling/<str:day>/blade.txt",
        public.tally_leaves,
        name="tally-leaves",
    ),
]
