from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("mail-batches/", views.mail_batch_list, name="mail_batches"),
    path("mail-batches/<uuid:pk>/<str:kind>/", views.mail_batch_download, name="mail_batch_download"),
]
