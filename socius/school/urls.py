"""The citizenship elective's pages under /medborgerskab/, one URL file per part."""

from socius.school import urls_classes, urls_courses, urls_visits, urls_work, urls_youth

app_name = "school"

urlpatterns = [
    *urls_courses.urlpatterns,
    *urls_classes.urlpatterns,
    *urls_visits.urlpatterns,
    *urls_work.urlpatterns,
    *urls_youth.urlpatterns,
]
