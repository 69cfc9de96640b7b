from django.urls import path

from ish.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.email_list, name="email_list"),
    path("<int:pk>/", views.email_detail, name="email_detail"),
    path("<int:pk>/resend/", views.email_resend, name="email_resend"),
]
