"""Bearer authentication with personal access tokens (accounts/tokens.py)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts import tokens


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer rapat_...`; request.auth is then the AccessToken."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send one token: Authorization: Bearer <token>.")
        try:
            secret = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        token = tokens.token_for_secret(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid, expired or revoked.")
        tokens.token_record_use(token=token, organization=None)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes unauthenticated requests a 401 with a challenge, not a 403.
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token (rapat_...) from the account menu.",
        }
