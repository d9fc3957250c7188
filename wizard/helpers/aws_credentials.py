"""``claude-setup aws-credentials PROFILE``: an AWS ``credential_process``.

Prints ``{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …}``, the form the AWS SDKs accept
for long-term keys (``awsCredentialExport`` would refuse it: it needs a session token).
"""

from __future__ import annotations

import json
import sys

from wizard.helpers.common import (
    check_profile_argument,
    check_profiles_folder,
    fail,
    read_regular,
    read_secret,
)


def access_key_id(profile: str) -> str | None:
    from wizard.appdirs import profiles_dir

    try:
        data = json.loads(read_regular(profiles_dir() / f"{profile}.json"))
        key_id = data["setup"]["aws_access_key_id"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    return key_id if isinstance(key_id, str) else None


def main(argv: list[str]) -> int:
    profile = check_profile_argument(argv, "aws-credentials")
    if isinstance(profile, int):
        return profile
    refused = check_profiles_folder()
    if refused is not None:
        return refused
    key_id = access_key_id(profile)
    if key_id is None:
        from wizard.i18n import _

        return fail(
            _(
                "profile '{name}' has no AWS access key ID (is it a bedrock access-keys profile?)"
            ).format(name=profile)
        )
    secret = read_secret(profile, "aws-secret-access-key", "AWS secret access key")
    if isinstance(secret, int):
        return secret
    sys.stdout.write(
        json.dumps({"Version": 1, "AccessKeyId": key_id, "SecretAccessKey": secret}) + "\n"
    )
    sys.stdout.flush()
    return 0
