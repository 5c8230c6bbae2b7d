"""Staff sign-in pages, under /admin/ (the admin's stricter headers and no page cache)."""

from django.urls import include, path

from . import passkeys, views

account_patterns = [
    path("security/", views.SecurityView.as_view(), name="security"),
    path("security/authenticator/", views.ConfirmAuthenticatorView.as_view(), name="confirm-authenticator"),
    path("security/backup-codes/", views.NewBackupCodesView.as_view(), name="backup-codes"),
    path("security/passkeys/<int:pk>/remove/", views.RemovePasskeyView.as_view(), name="remove-passkey"),
    path("passkeys/register/begin/", passkeys.BeginPasskeyRegistrationView.as_view(), name="passkey-register-begin"),
    path("passkeys/register/complete/", passkeys.CompletePasskeyRegistrationView.as_view(),
         name="passkey-register-complete"),
    path("passkeys/check/begin/", passkeys.BeginPasskeyCheckView.as_view(), name="passkey-check-begin"),
    path("passkeys/check/complete/", passkeys.CompletePasskeyCheckView.as_view(), name="passkey-check-complete"),
    path("setup/<uidb64>/<token>/", views.SetupView.as_view(), name="setup"),
]

# Django's own names, which its reset views and the admin's sign-in page look for.
urlpatterns = [
    path("password_reset/", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("password_reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("account/", include((account_patterns, "staff"))),
]
