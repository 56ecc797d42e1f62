"""/stoet/: memberships, gifts, campaigns, the newsletter, the donor's own page. Payments, the
tax deduction and the treasurer's pages have apps of their own, mounted in socius/urls.py."""

from django.urls import path

from socius.support import views, views_campaigns, views_newsletter

app_name = "support"

urlpatterns = [
    path("", views.home, name="home"),
    path("medlem/", views.membership_join, name="membership-join"),
    path("tak/", views.thanks, name="thanks"),
    path("betal/<str:kind>/<uuid:public_id>/", views.checkout, name="checkout"),
    path("giv/", views.gift_create, name="gift-create"),
    path("giv/tak/<uuid:public_id>/", views.gift_thanks, name="gift-thanks"),
    path("giv/stop/<uuid:public_id>/<str:token>/", views.gift_stop, name="gift-stop"),
    path("kampagner/", views.campaign_list, name="campaign-list"),
    path("kampagner/ny/", views_campaigns.campaign_create, name="campaign-create"),
    path("kampagner/<slug:slug>/", views.campaign_detail, name="campaign-detail"),
    path("kampagner/<slug:slug>/rediger/", views_campaigns.campaign_edit, name="campaign-edit"),
    path("medlemskaber/", views_campaigns.tier_list, name="tier-list"),
    path("medlemskaber/ny/", views_campaigns.tier_create, name="tier-create"),
    path("medlemskaber/<slug:slug>/rediger/", views_campaigns.tier_edit, name="tier-edit"),
    path("nyhedsbrev/udgaver/", views_newsletter.issue_list, name="newsletter-issue-list"),
    path("nyhedsbrev/udgaver/ny/", views_newsletter.issue_create, name="newsletter-issue-create"),
    path(
        "nyhedsbrev/udgaver/<uuid:public_id>/",
        views_newsletter.issue_detail,
        name="newsletter-issue-detail",
    ),  # fmt: skip
    path(
        "nyhedsbrev/udgaver/<uuid:public_id>/status/",
        views_newsletter.issue_progress,
        name="newsletter-issue-progress",
    ),  # fmt: skip
    path("mine/", views.mine, name="mine"),
    path("mine/gaver/<uuid:public_id>/stop/", views.gift_cancel, name="gift-cancel"),
    path(
        "mine/medlemskab/<uuid:public_id>/udmeld/",
        views.membership_resign,
        name="membership-resign",
    ),  # fmt: skip
    path("medlemmer/", views.members, name="members"),
    path("medlemmer/csv/", views.members_csv, name="members-csv"),
    path("nyhedsbrev/", views_newsletter.newsletter_signup, name="newsletter-signup"),
    path("nyhedsbrev/sendt/", views_newsletter.newsletter_sent, name="newsletter-sent"),
    path(
        "nyhedsbrev/bekraeft/<str:secret>/",
        views_newsletter.newsletter_confirm,
        name="newsletter-confirm",
    ),  # fmt: skip
    path(
        "nyhedsbrev/afmeld/<str:secret>/",
        views_newsletter.newsletter_unsubscribe,
        name="newsletter-unsubscribe",
    ),  # fmt: skip
]
