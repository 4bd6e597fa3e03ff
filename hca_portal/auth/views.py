"""Sign-in pages: password (django-axes counts failures), the staff's second factor (enrolment on
the first sign-in, a code on every one), the lockout page, and the account's security page."""

from __future__ import annotations

import uuid

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from axes.utils import reset as reset_attempts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import second_factor, tokens
from .forms import CodeForm, TokenForm
from .rules import token_state


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return reverse(name) + "?" + urlencode({"next": next_url})


def _finish_sign_in(request, user) -> None:
    """Both factors are through: forget this account's failures from this address."""
    reset_attempts(ip=get_client_ip_address(request), username=user.get_username())


def _credentials(user) -> dict:
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def _count_failure(request, user) -> bool:
    """A wrong second-factor code counts as a failed sign-in (django-axes); True if now locked out."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def _is_locked(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, _credentials(user))


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): 429, Retry-After, and a clear page.

    A session stopped half-way (password right, second factor not given) is ended.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and second_factor.required_for(user):
        if not user.is_verified():
            logout(request)
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"minutes": seconds // 60, "failure_limit": settings.AXES_FAILURE_LIMIT}
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


class SignInView(auth_views.LoginView):
    """The password step. Staff go on to their second factor; everyone else is signed in."""

    def get_context_data(self, **kwargs):
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return super().get_context_data(
            failure_limit=settings.AXES_FAILURE_LIMIT, lockout_minutes=minutes, **kwargs
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if second_factor.required_for(user):
            name = "second_factor" if second_factor.is_enrolled(user) else "second_factor_enrol"
            return redirect(_with_next(name, self.get_success_url()))
        _finish_sign_in(self.request, user)
        return response


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Every staff sign-in: a code from the authenticator app, or a recovery code."""
    user, next_url = request.user, _next_url(request)
    if not second_factor.required_for(user) or user.is_verified():
        return redirect(next_url)
    if not second_factor.is_enrolled(user):
        return redirect(_with_next("second_factor_enrol", next_url))
    if _is_locked(request, user):
        return locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(user, form.cleaned_data["otp_token"])
        if device is not None:
            django_otp.login(request, device)
            _finish_sign_in(request, user)
            return redirect(next_url)
        if _count_failure(request, user):
            return locked_out(request)
        form.add_error("otp_token", _("That code is not right or was already used. Enter the current code."))
    return render(request, "registration/second_factor.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """The first staff sign-in: scan the QR code (or type the secret), confirm with a code, and
    receive ten recovery codes (shown once)."""
    user, next_url = request.user, _next_url(request)
    if not second_factor.required_for(user):
        return redirect(next_url)
    if second_factor.is_enrolled(user):
        return redirect(_with_next("second_factor", next_url))
    if _is_locked(request, user):
        return locked_out(request)
    device = second_factor.pending_app_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_enrolment(device=device, token=form.cleaned_data["otp_token"])
        if codes is not None:
            django_otp.login(request, device)
            _finish_sign_in(request, user)
            return render(request, "registration/recovery_codes.html", {"codes": codes, "next": next_url})
        if _count_failure(request, user):
            return locked_out(request)
        form.add_error("otp_token", _("That code is not right. Enter the code your app shows now."))
    context = {
        "form": form,
        "next": next_url,
        "secret": second_factor.secret_text(device),
        "qr": mark_safe(second_factor.qr_svg(device, title=_("QR code for your authenticator app"))),  # noqa: S308
    }
    return render(request, "registration/second_factor_enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_security(request):
    """The signed-in user's API tokens (issue, revoke) and, for staff, new recovery codes."""
    user = request.user
    form = TokenForm(request.POST if request.POST.get("action") == "issue" else None)
    context = {"form": form, "staff": second_factor.required_for(user)}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue" and form.is_valid():
            token, key = tokens.issue_token(user=user, name=form.cleaned_data["name"])
            context.update(new_token=token, new_key=key, form=TokenForm())
        elif action == "revoke":
            token = get_object_or_404(tokens.tokens_of(user), pk=_uuid_or_404(request.POST.get("token")))
            tokens.revoke_token(token=token)
            messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
            return redirect("account_security")
        elif action == "recovery_codes" and context["staff"]:
            context["codes"] = second_factor.new_recovery_codes(user=user)
        elif action != "issue":
            raise Http404
    now = timezone.now()
    context["tokens"] = listed = list(tokens.tokens_of(user))
    for token in listed:
        token.state = token_state(expires_at=token.expires_at, revoked_at=token.revoked_at, now=now)
    return render(request, "registration/account_security.html", context)


def _uuid_or_404(value):
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise Http404 from error
