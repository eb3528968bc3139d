"""What a token's scope allows; roles are checked by the access helpers."""

from rest_framework import permissions

from accounts.models import AccessToken


class TokenScope(permissions.BasePermission):
    message = "This token is read-only; make a read-write token to change anything."

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, AccessToken) or token.can_write
