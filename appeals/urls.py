from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("", views.my_appeals, name="list"),
    path("cases/<uuid:application_pk>/file/", views.file_appeal, name="file"),
    path("cases/<uuid:application_pk>/log/", views.log_appeal, name="log"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/decide/", views.decide, name="decide"),
    path("<uuid:pk>/final-appeal/", views.file_final_appeal, name="file_final"),
    path("<uuid:pk>/steps/<slug:name>/", views.step, name="step"),
    path("<uuid:pk>/documents/", views.add_document, name="add_document"),
    path("<uuid:pk>/documents/<uuid:document_pk>/", views.document, name="document"),
]
