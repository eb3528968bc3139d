"""Sign-in events of single sign-on and two-factor, for the audit log to record.

Django already sends `user_logged_in` and `user_login_failed` for every
sign-in (password, SSO and the code step alike); these add what only SSO and
two-factor know. They carry facts, no behaviour: the audit log (and anything
else) subscribes with `@receiver(signal)`. Every signal is sent with
`sender=None`; receivers take the keyword arguments listed here.
"""

from django.dispatch import Signal

# A user turned on two-factor (confirmed an authenticator app). Args: user.
mfa_enabled = Signal()
# A user turned two-factor off (after re-entering their password). Args: user.
mfa_disabled = Signal()
# A user replaced their recovery codes; the old ones stop working. Args: user.
recovery_codes_regenerated = Signal()
# A wrong authenticator or recovery code at sign-in (it also counts towards the
# lockout, like a wrong password). Args: user, request.
mfa_code_failed = Signal()
# A user signed in through the identity provider. Args: user, request,
# created (bool: the account was made just in time by this sign-in).
sso_signed_in = Signal()
# The identity provider vouched for someone we refused. Args: email (may be ""
# when the provider sent none), request, reason (a short machine-readable
# word: "domain", "unverified", "no_email", "no_account", "inactive",
# "ambiguous", "cancelled", "error"; accounts/sso.py Refusal says each in words).
sso_refused = Signal()
# An organization owner turned the "members must use two-factor" rule on or
# off. Args: organization, actor (the owner), required (bool, the new value).
organization_mfa_requirement_changed = Signal()
