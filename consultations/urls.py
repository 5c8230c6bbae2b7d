from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.ConsultationRequestView.as_view(), name="request"),
    path("received/", views.ConfirmationView.as_view(), name="received"),
]
