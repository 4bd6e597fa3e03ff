from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-factor/", views.verify, name="second_factor"),
    path("second-factor/enrol/", views.enrol, name="second_factor_enrol"),
    path("security/", views.account_security, name="account_security"),
]
