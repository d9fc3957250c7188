"""``sso-login`` and ``sso-setup``: AWS SSO without the AWS CLI."""

from __future__ import annotations

import argparse
import sys

from wizard.cli.terminal import write
from wizard.errors import UsageError
from wizard.i18n import _
from wizard.safetext import one_line, visible
from wizard.services import sso
from wizard.services.sso_cache import load_token
from wizard.services.sso_profiles import read_config_text


def login(profile: str, open_browser: bool) -> int:
    sso.sso_login(profile, open_browser=open_browser, say=say)
    return 0


def say(text: str) -> None:
    """Progress goes to stderr: stdout stays for what a script may read. What the server sent
    is shown, never obeyed."""
    sys.stderr.write(visible(text) + "\n")
    sys.stderr.flush()


def choose(
    pairs: list[sso.AccountRole], account_id: str | None, role_name: str | None
) -> sso.AccountRole:
    """The one account and role asked for, or the only one there is."""
    matching = [
        pair
        for pair in pairs
        if (account_id is None or pair.account_id == account_id)
        and (role_name is None or pair.role_name == role_name)
    ]
    if len(matching) == 1:
        return matching[0]
    if not matching:
        raise UsageError(_("no account and role of this sign-in match --account-id/--role-name"))
    for pair in matching:  # as the server sent them, escaped
        say(one_line(f"  {pair.account_id}  {pair.role_name}"))
    raise UsageError(
        _(
            "{count} accounts and roles are open to you (listed above): choose one with "
            "--account-id and --role-name; the sign-in is kept, so no new code is needed"
        ).format(count=len(matching))
    )


def setup_profile(options: argparse.Namespace) -> int:
    from wizard import engine

    session = options.session_name or options.profile_name
    wanted = {"start_url": options.start_url, "sso_region": options.sso_region}
    for key, value in (("account_id", options.account_id), ("role_name", options.role_name)):
        if value:
            wanted[key] = value
    engine.check_existing_aws_profile(options.profile_name, wanted, session)  # before sign-in
    token = load_token(options.start_url, session)
    if token is None or not token.valid():
        auth = sso.start_device_authorization(options.start_url, options.sso_region, session)
        say(
            _("Open {url} and check that it shows the code {code}.").format(
                url=one_line(auth.verification_uri_complete), code=one_line(auth.user_code)
            )
        )
        token = sso.wait_for_token(auth, open_browser=not options.no_browser)
        sso.cache_token(token)
    pair = choose(
        sso.list_accounts_and_roles(token, options.sso_region),
        options.account_id,
        options.role_name,
    )
    config_before = read_config_text()
    path = sso.write_profile(
        options.profile_name,
        session,
        options.start_url,
        options.sso_region,
        pair.account_id,
        pair.role_name,
        options.region or options.sso_region,
    )
    if read_config_text() == config_before:
        done = _("Profile {name} ({account}, {role}) in {path} already signs in this way; kept.")
    else:
        done = _("Wrote profile {name} ({account}, {role}) to {path}.")
    write(
        done.format(
            name=options.profile_name, account=pair.account_id, role=pair.role_name, path=path
        )
        + "\n"
        + _(
            "Use it with: claude-setup apply "
            "--provider bedrock --auth sso --aws-profile {name} --region REGION\n"
        ).format(name=options.profile_name)
    )
    return 0
