"""/arrangementer/: the calendar and event pages (urls_pages.py), registration and the waiting
list (urls_registration.py). Check-in, live debates and after-event pages have apps of their own,
mounted under an event's address in socius/urls.py."""

from socius.events.urls_pages import urlpatterns as pages
from socius.events.urls_registration import urlpatterns as registration

app_name = "events"

# Registration first: its fixed words ("tilmelding/", "mine/") must win over an event's slug.
urlpatterns = registration + pages
