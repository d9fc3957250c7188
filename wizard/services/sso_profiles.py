"""The AWS profiles of ``~/.aws/config``: which use SSO, and writing a new SSO profile.

``[sso-session NAME]`` and ``[profile NAME]`` are edited in place: every other line and comment,
inside the section too, stays as it was; the earlier file is kept for ``claude-setup undo``.
"""

from __future__ import annotations

import shutil
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from wizard import awsconfig, backups, safefile, validation
from wizard.appdirs import locks_dir
from wizard.awsconfig import _newline, _section_bounds, append_section
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.services.errors import ServiceError
from wizard.services.sso_cache import SCOPES, load_token

# Keys that would make botocore take the profile's credentials from elsewhere than SSO.
NOT_SSO_KEYS = (
    "sso_start_url",
    "sso_region",
    "sso_registration_scopes",
    "role_arn",
    "source_profile",
    "credential_source",
    "credential_process",
    "web_identity_token_file",
    "role_session_name",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "login_session",
)
NAME = validation.SSO_NAME
REGION = validation.AWS_REGION
ACCOUNT = validation.AWS_ACCOUNT_ID
ROLE = validation.IAM_ROLE_NAME


def set_section(
    text: str, header: str, values: Mapping[str, str], drop: Collection[str] = ()
) -> str:
    """``text`` with section ``[header]`` holding ``values``, edited in place.

    A key already there gets its new value on its own line; a key in ``drop`` goes (with its
    indented sub-lines); a new key goes after the section's last setting; comments and other
    keys stay. A missing section is appended after a blank line.
    """
    for key, value in values.items():
        awsconfig.check_value(key, value)
    newline = _newline(text)
    lines = awsconfig.lines_of(text)
    bounds = _section_bounds(lines, header)
    if bounds is None:
        return append_section(text, header, values)
    start, end = bounds
    body: list[str] = []
    pending = dict(values)
    skipping = False
    read = awsconfig.read_lines(lines)
    for line, as_read in zip(lines[start + 1 : end], read[start + 1 : end], strict=True):
        if as_read.kind == "continuation" and skipping:
            continue  # a nested block or a continued value goes with its key
        if as_read.kind == "filler":
            body.append(line)
            continue
        skipping = False
        key = as_read.key
        if as_read.kind == "option" and (key in drop or (key in values and key not in pending)):
            skipping = True
            continue
        if as_read.kind == "option" and key in pending:
            ending = line[len(line.rstrip("\r\n")) :] or newline
            body.append(f"{key} = {pending.pop(key)}{ending}")
            skipping = True
            continue
        body.append(line)
    if pending:
        if body and not body[-1].endswith(("\n", "\r")):
            body[-1] += newline
        elif not body and not lines[start].endswith(("\n", "\r")):
            lines[start] += newline
        body += [f"{key} = {value}{newline}" for key, value in pending.items()]
    lines[start + 1 : end] = body
    return "".join(lines)


def replace_config(path: Path, before: bytes | None, after: bytes) -> None:
    """Write ``after`` over ``path`` atomically, keeping ``before`` for ``claude-setup undo``.

    The caller holds ``safefile.locked(path, locks_dir())``.
    """
    backup = backups.start()
    try:
        backup.add(path, before, after)
        safefile.replace(path, before, after)
        backup.finish()
    except BaseException as exc:
        shutil.rmtree(backup.folder, ignore_errors=True)
        backup.release()
        if isinstance(exc, WizardError) and not isinstance(exc, ServiceError):
            raise ServiceError(str(exc)) from None
        if isinstance(exc, OSError):
            raise ServiceError(
                _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
            ) from None
        raise


def read_config_text(path: Path | None = None) -> str:
    """The text of ``~/.aws/config`` (``""`` when there is none)."""
    path = path or awsconfig.config_path()
    try:
        content = safefile.read_bytes(path)
    except WizardError as exc:
        raise ServiceError(str(exc)) from None
    if content is None:
        return ""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise ServiceError(
            _("{path} is not UTF-8 text; save it as UTF-8 and try again").format(path=path)
        ) from None


# ---- checks of single values ------------------------------------------------------------


def check_start_url(start_url: str) -> None:
    """An AWS access portal address, from a person, a team file or ``~/.aws/config``: one
    ``https://`` URL without a user name or password (a bad IPv6 host is refused, not raised)."""
    if any(ch.isspace() or not ch.isprintable() for ch in start_url):
        raise ServiceError(
            _("the SSO start URL contains a space, a line break or a control character"),
            code="bad_start_url",
        )
    parts = validation.split_url(start_url)
    if parts is None:
        raise ServiceError(
            _("the SSO start URL is not a valid address; copy it from the AWS access portal"),
            code="bad_start_url",
        )
    if parts.scheme != "https" or not parts.hostname:
        raise ServiceError(
            _(
                "the SSO start URL must begin with https:// (for example "
                "https://my-company.awsapps.com/start); copy it from the AWS access portal"
            ),
            code="bad_start_url",
        )
    if parts.username or parts.password or "@" in parts.netloc:
        raise ServiceError(
            _(
                "the SSO start URL holds a user name or password; copy it from the AWS access "
                "portal"
            ),
            code="bad_start_url",
        )


def check_region(region: str) -> None:
    if not REGION.fullmatch(region):
        raise ServiceError(
            _("'{region}' is not an AWS region; give one such as us-east-1 or eu-west-1").format(
                region=region
            ),
            code="bad_region",
        )


# ---- profiles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SsoSettings:
    """Where a profile signs in: its sso-session (``None`` for a legacy profile)."""

    start_url: str
    sso_region: str
    session_name: str | None
    scopes: tuple[str, ...] = SCOPES


@dataclass(frozen=True)
class AwsProfileInfo:
    name: str
    sources: tuple[str, ...]  # "config" and/or "credentials"
    sso: bool = False
    sso_session: str | None = None
    start_url: str | None = None
    sso_region: str | None = None
    account_id: str | None = None
    role_name: str | None = None
    region: str | None = None
    token_valid: bool = False
    token_expires_at: datetime | None = None
    token_refreshable: bool = False
    problem: str | None = None  # a sentence when the SSO settings are incomplete


def is_sso(values: Mapping[str, str]) -> bool:
    return "sso_session" in values or "sso_start_url" in values


def resolve(
    name: str, values: Mapping[str, str], all_sections: Mapping[str, Mapping[str, str]]
) -> SsoSettings | str:
    """The SSO settings of a profile, or a sentence saying what is missing."""
    session = values.get("sso_session")
    source: Mapping[str, str] = values
    if session:
        found = all_sections.get(f"sso-session {session}")
        if found is None:
            return _(
                "AWS profile '{name}' uses sso-session '{session}', which is not in {path}; "
                "add that section or create the profile again"
            ).format(name=name, session=session, path=awsconfig.config_path())
        source = found
    start_url, region = source.get("sso_start_url", ""), source.get("sso_region", "")
    if not start_url or not region:
        return _(
            "AWS profile '{name}' has no sso_start_url or sso_region; create the profile again"
        ).format(name=name)
    raw_scopes = source.get("sso_registration_scopes", "")
    scopes = tuple(s.strip() for s in raw_scopes.split(",") if s.strip()) or SCOPES
    return SsoSettings(start_url, region, session or None, scopes)


def profile_settings(profile_name: str) -> SsoSettings:
    """The SSO settings of a profile of ``~/.aws/config``, or a sentence saying what to do."""
    config = read_config_text()
    values = awsconfig.profiles(config).get(profile_name)
    if values is None:
        raise ServiceError(
            _(
                "AWS profile '{name}' is not in {path}; create it with the claude-setup wizard "
                "or aws configure sso"
            ).format(name=profile_name, path=awsconfig.config_path()),
            code="unknown_profile",
        )
    if not is_sso(values):
        raise ServiceError(
            _(
                "AWS profile '{name}' does not use SSO (it has no sso_session); choose an SSO "
                "profile or create one with the claude-setup wizard"
            ).format(name=profile_name),
            code="not_sso",
        )
    settings = resolve(profile_name, values, awsconfig.sections(config))
    if isinstance(settings, str):
        raise ServiceError(settings, code="incomplete_profile")
    try:
        check_start_url(settings.start_url)
    except ServiceError as exc:  # a hand-written file: say where the value is
        raise ServiceError(
            _("AWS profile '{name}' in {path}: {reason}").format(
                name=profile_name, path=awsconfig.config_path(), reason=exc
            ),
            code=exc.code,
        ) from None
    return settings


def list_profiles() -> list[AwsProfileInfo]:
    """The profiles of ``~/.aws/config`` and ``~/.aws/credentials``, SSO ones with their token."""
    config = read_config_text()
    credentials = read_config_text(awsconfig.credentials_path())
    in_config = set(awsconfig.profiles(config))
    in_credentials = set(awsconfig.sections(credentials))
    all_sections = awsconfig.sections(config)
    now = datetime.now(UTC)
    found = []
    for name, values in awsconfig.profiles(config, credentials).items():
        sources = tuple(
            label
            for label, names in (("config", in_config), ("credentials", in_credentials))
            if name in names
        )
        info = AwsProfileInfo(
            name,
            sources,
            account_id=values.get("sso_account_id"),
            role_name=values.get("sso_role_name"),
            region=values.get("region"),
        )
        if is_sso(values):
            settings = resolve(name, values, all_sections)
            info = replace(
                info,
                sso=True,
                sso_session=values.get("sso_session"),
                start_url=values.get("sso_start_url"),
                sso_region=values.get("sso_region"),
            )
            if isinstance(settings, str):
                info = replace(info, problem=settings)
            else:
                token = load_token(settings.start_url, settings.session_name)
                info = replace(
                    info,
                    start_url=settings.start_url,
                    sso_region=settings.sso_region,
                    token_valid=token is not None and token.valid(now),
                    token_expires_at=token.expires_at if token else None,
                    token_refreshable=token is not None
                    and settings.session_name is not None
                    and token.refreshable(now),
                )
        found.append(info)
    return sorted(found, key=lambda p: (p.name != "default", p.name))


def read_credentials_text() -> str:
    """The text of ``~/.aws/credentials`` (``AWS_SHARED_CREDENTIALS_FILE``; ``""``: none)."""
    return read_config_text(awsconfig.credentials_path())


def existing_profile(
    text: str, name: str, sso: Mapping[str, str], credentials: str | None = None
) -> bool:
    """Whether ``[profile NAME]`` of ``text`` already signs in with ``sso`` (some or all of
    ``start_url``, ``sso_region``, ``account_id``, ``role_name``): ``True`` to reuse it, ``False``
    when there is no such profile. One with other settings is the person's own: refused, since
    writing over it would lose them. So is a profile of that name in ``credentials`` (the text
    of ``~/.aws/credentials``, read when not given), where the AWS SDK finds it too: an SSO
    profile of the same name would be shadowed by its keys, or shadow them."""
    if credentials is None:
        credentials = read_credentials_text()
    if name in awsconfig.sections(credentials):
        raise ServiceError(
            _(
                "AWS profile '{name}' already exists in {path} with keys of yours; give another "
                "name"
            ).format(name=name, path=awsconfig.credentials_path()),
            code="profile_exists",
        )
    values = awsconfig.profiles(text).get(name)
    if values is None:
        return False
    found: Mapping[str, str | None] = {}
    if is_sso(values):
        settings = resolve(name, values, awsconfig.sections(text))
        if not isinstance(settings, str):
            found = {
                "start_url": settings.start_url.rstrip("/"),
                "sso_region": settings.sso_region,
                "account_id": values.get("sso_account_id"),
                "role_name": values.get("sso_role_name"),
            }
    wanted = {key: value.rstrip("/") if key == "start_url" else value for key, value in sso.items()}
    if any(found.get(key) != value for key, value in wanted.items()):
        raise ServiceError(
            _("AWS profile '{name}' already exists with other settings; give another name").format(
                name=name
            ),
            code="profile_exists",
        )
    return True


def session_values(start_url: str, sso_region: str) -> dict[str, str]:
    """The ``[sso-session NAME]`` claude-setup writes for a start URL and SSO region."""
    return {
        "sso_start_url": start_url,
        "sso_region": sso_region,
        "sso_registration_scopes": ", ".join(SCOPES),
    }


def existing_session(text: str, name: str, start_url: str, sso_region: str) -> bool:
    """Whether ``[sso-session NAME]`` of ``text`` is there, signing in at ``start_url`` in
    ``sso_region``: ``True`` to reuse it as it is (never edited: its scopes and other keys are
    the person's), ``False`` when there is none. One with another start URL or region (or
    without them) is refused: writing over it would change how its other profiles sign in."""
    existing = awsconfig.sections(text).get(f"sso-session {name}")
    if existing is None:
        return False
    known_url = existing.get("sso_start_url", "")
    if (
        known_url.rstrip("/") != start_url.rstrip("/")
        or existing.get("sso_region", "") != sso_region
    ):
        raise ServiceError(
            _(
                "sso-session '{session}' already signs in at {url} in {region}; choose another "
                "session name"
            ).format(
                session=name,
                url=known_url or "?",
                region=existing.get("sso_region") or "?",
            ),
            code="session_conflict",
        )
    return True


def profile_text(
    text: str,
    profile_name: str,
    session_name: str,
    start_url: str,
    sso_region: str,
    account_id: str,
    role_name: str,
    region: str,
    credentials: str | None = None,
) -> str:
    """``text`` (``~/.aws/config``) with ``[sso-session NAME]`` and ``[profile NAME]``, every
    other line kept. A profile of that name with the same sign-in is reused as it is; one with
    other settings, or one in ``~/.aws/credentials`` (``credentials``: its text, read when not
    given), is refused (``existing_profile``); so is a session of that name that signs in
    elsewhere (``existing_session``), and one that signs in the same way is kept as it is."""
    for name in (profile_name, session_name):
        if not NAME.fullmatch(name):
            raise ServiceError(
                _(
                    "'{name}' cannot name an AWS profile or sso-session; use letters, digits "
                    "and - _ . @ + only"
                ).format(name=name),
                code="bad_name",
            )
    check_start_url(start_url)
    check_region(sso_region)
    check_region(region)
    if not ACCOUNT.fullmatch(account_id):
        raise ServiceError(
            _("'{value}' is not an AWS account ID; give its 12 digits").format(value=account_id),
            code="bad_account",
        )
    if not ROLE.fullmatch(role_name):
        raise ServiceError(
            _("'{value}' is not an IAM role name; pick one from the list").format(value=role_name),
            code="bad_role",
        )
    path = awsconfig.config_path()
    try:
        awsconfig.check_readable(text, path)
    except WizardError as exc:
        raise ServiceError(str(exc)) from None
    sso = {
        "start_url": start_url,
        "sso_region": sso_region,
        "account_id": account_id,
        "role_name": role_name,
    }
    if existing_profile(text, profile_name, sso, credentials):
        return text
    header = f"sso-session {session_name}"
    before = text
    if not existing_session(text, session_name, start_url, sso_region):
        text = set_section(text, header, session_values(start_url, sso_region))
    profile_values = {
        "sso_session": session_name,
        "sso_account_id": account_id,
        "sso_role_name": role_name,
        "region": region,
    }
    profile_header = awsconfig.profile_header(profile_name)
    text = set_section(text, profile_header, profile_values, drop=NOT_SSO_KEYS)
    try:
        awsconfig.check_edit(before, text, path, {header, profile_header})
    except WizardError as exc:
        raise ServiceError(str(exc)) from None
    return text


def write_profile(
    profile_name: str,
    session_name: str,
    start_url: str,
    sso_region: str,
    account_id: str,
    role_name: str,
    region: str,
) -> Path:
    """Write ``[sso-session NAME]`` and ``[profile NAME]`` (``profile_text``), keeping every
    other line; undoable. Nothing is written when the profile is already there as asked."""
    path = awsconfig.config_path()
    with safefile.locked(path, locks_dir()):
        before = safefile.read_bytes(path)
        text = read_config_text(path)
        text = profile_text(
            text, profile_name, session_name, start_url, sso_region, account_id, role_name, region
        )
        after = text.encode("utf-8")
        if after != (before or b""):
            replace_config(path, before, after)
    return path


@dataclass(frozen=True)
class NewSsoProfile:
    """An SSO profile to write with an apply (a team's), in the same backup set as the rest."""

    name: str
    start_url: str
    sso_region: str
    account_id: str
    role_name: str
    region: str

    def edit(self, text: str) -> str:
        """``text`` with this profile (and its sso-session, of the same name) written."""
        return profile_text(
            text, self.name, self.name, self.start_url, self.sso_region, self.account_id,
            self.role_name, self.region,
        )  # fmt: skip
