from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """The claims a corporate provider sends: the address, whether the
    provider verified it (users in the group "unverified" have not), a name."""

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": not user.groups.filter(name="unverified").exists(),
            "name": user.get_full_name(),
        }
