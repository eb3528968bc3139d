"""Run the test provider: `python -m tests.sso_provider.serve PORT`.

Environment: PROVIDER_DB (SQLite file), PROVIDER_RSA_KEY (PEM), PROVIDER_ISSUER,
PROVIDER_CLIENT (JSON: client_id, secret, redirect_uri) and PROVIDER_USERS
(JSON list: email, password, name, verified). Migrates, creates the client
and users, then serves until killed.
"""

import json
import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.sso_provider.settings"


def main(port: int) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    client = json.loads(os.environ["PROVIDER_CLIENT"])
    Application.objects.create(
        name="Readiness Assessor",
        client_id=client["client_id"],
        client_secret=client["secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    unverified = Group.objects.create(name="unverified")
    for u in json.loads(os.environ["PROVIDER_USERS"]):
        first, _, last = u["name"].partition(" ")
        user = User.objects.create_user(
            u["email"], u["email"], u["password"], first_name=first, last_name=last
        )
        if not u["verified"]:
            user.groups.add(unverified)
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
