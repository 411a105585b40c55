from awards.views import catalogue, eligibility, history, registrations

app_name = "awards"

urlpatterns = (
    catalogue.urlpatterns
    + eligibility.urlpatterns
    + registrations.urlpatterns
    + history.urlpatterns
)
