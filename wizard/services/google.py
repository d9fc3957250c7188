"""Google Cloud for Vertex AI: Application Default Credentials, the project, regions, models.

google-auth is imported inside the functions that use it, and its HTTP calls go through a small
``urllib`` transport of our own (google-auth's default one needs ``requests``), bounded by one
deadline for the whole operation.
"""

from __future__ import annotations

import configparser
import http.client
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from wizard import catalogue, redact, validation
from wizard.i18n import _
from wizard.services import redirects
from wizard.services.errors import ServiceError

if TYPE_CHECKING:
    from google.auth.credentials import Credentials
    from google.auth.transport import Request as GoogleRequest

CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
ADC_LOGIN = "gcloud auth application-default login"
DEFAULT_TOKEN_HOST = "oauth2.googleapis.com"

VERTEX_REGIONS: tuple[str, ...] = (
    *("global", "us", "eu"),
    *("us-east5", "us-central1", "us-east1", "us-east4", "us-south1", "us-west1", "us-west4"),
    *("europe-west1", "europe-west4", "europe-west3", "europe-west2", "europe-west9"),
    *("europe-north1", "europe-central2", "europe-southwest1"),
    *("asia-east1", "asia-northeast1", "asia-southeast1", "asia-south1", "australia-southeast1"),
)
"""``global``, the ``us``/``eu`` multi-regions Claude Code accepts in ``CLOUD_ML_REGION``, then
Vertex AI generative-AI regions, Claude's usual ones first. Which models a region serves varies;
Model Garden has the live answer."""

PROJECT_VARIABLES = (
    "ANTHROPIC_VERTEX_PROJECT_ID",
    "GOOGLE_CLOUD_PROJECT",
    "GCLOUD_PROJECT",
    "CLOUDSDK_CORE_PROJECT",
)
GOOGLE_CLOUD_PROJECT_VARIABLES = (
    "ANTHROPIC_GOOGLE_CLOUD_PROJECT",
    "GOOGLE_CLOUD_PROJECT",
    "GCLOUD_PROJECT",
    "CLOUDSDK_CORE_PROJECT",
)
"""Where Claude Platform on Google Cloud's project is looked for (not Vertex AI's variable)."""


@dataclass(frozen=True)
class AdcInfo:
    """Application Default Credentials that google-auth found."""

    kind: str
    """``service_account``, ``authorized_user``, ``external_account``… (the file's ``type``)."""
    source: str
    """Where they came from, for a person: ``GOOGLE_APPLICATION_CREDENTIALS``, ``gcloud``…"""
    path: Path | None
    project_id: str | None
    account: str | None


@dataclass(frozen=True)
class ProjectId:
    value: str
    source: str
    """``ANTHROPIC_VERTEX_PROJECT_ID``, ``gcloud configuration 'NAME' (PATH)``, a file…"""


@dataclass(frozen=True)
class VertexModel:
    model: catalogue.CatalogueModel
    model_id: str
    region_variable: str | None
    """The ``VERTEX_REGION_*`` variable that overrides this model's region, if it has one."""


# -- where things are -------------------------------------------------------------------------


def gcloud_config_dir() -> Path:
    """gcloud's folder: ``CLOUDSDK_CONFIG``, else ``%APPDATA%\\gcloud`` or ``~/.config/gcloud``."""
    explicit = os.environ.get("CLOUDSDK_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "gcloud"
    return Path.home() / ".config" / "gcloud"


def gcloud_adc_path() -> Path:
    """Where ``gcloud auth application-default login`` writes the credentials."""
    return gcloud_config_dir() / "application_default_credentials.json"


def _adc_missing() -> ServiceError:
    return ServiceError(
        _(
            "No Google Application Default Credentials were found; run `{command}`, or set "
            "GOOGLE_APPLICATION_CREDENTIALS to a service-account key file"
        ).format(command=ADC_LOGIN),
        code="adc-missing",
    )


USABLE_TYPES = ("service_account", "authorized_user")
"""The only credentials files handed to google-auth: a service-account key and gcloud's user
credentials (``gcloud auth application-default login``). Every other type makes google-auth act
on what the file says: an ``external_account`` file has it read another file
(``credential_source.file``, say ``~/.ssh/id_ed25519``) and post it to the file's
``token_url``, so a repository's settings could send a private key anywhere."""

MAX_CREDENTIALS_BYTES = 256 * 1024
"""A service-account key is about 2 KB; a larger file is no credentials file of ours."""

_TYPE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def read_credentials(path: Path) -> dict[str, Any]:
    """The JSON object of the credentials file ``path``, checked before google-auth sees it:
    a regular file, at most ``MAX_CREDENTIALS_BYTES``, valid JSON, of a ``USABLE_TYPES`` type.
    Anything else is a ServiceError of one line naming the path (and the type)."""
    from wizard import safefile
    from wizard.errors import WizardError

    try:  # a FIFO or /dev/zero is refused, never read forever
        content = safefile.read_bytes(path, limit=MAX_CREDENTIALS_BYTES)
    except WizardError as exc:
        raise ServiceError(
            _("Cannot read the credentials file {path} ({reason})").format(path=path, reason=exc),
            code="credentials-unreadable",
        ) from None
    if content is None:
        raise ServiceError(
            _("The credentials file {path} does not exist; give the path of your key file").format(
                path=path
            ),
            code="credentials-missing",
        )
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise ServiceError(
            _(
                "The credentials file {path} is not valid JSON; download the key again or run "
                "`{command}`"
            ).format(path=path, command=ADC_LOGIN),
            code="credentials-invalid",
        )
    kind = data.get("type")
    if kind not in USABLE_TYPES:
        shown = kind if isinstance(kind, str) and _TYPE_NAME.fullmatch(kind) else "?"
        raise ServiceError(
            _(
                "The credentials file {path} is of type '{type}', which claude-setup never "
                "loads: only a service-account key or gcloud's user credentials (service_account, "
                "authorized_user), since other types make google-auth read other files and send "
                "them where the file says"
            ).format(path=path, type=shown),
            code="credentials-type",
        )
    return data


def _unusable(path: Path, exc: Exception) -> ServiceError:
    return ServiceError(
        _("google-auth cannot use the credentials file {path} ({reason})").format(
            path=path, reason=_first_line(exc)
        ),
        code="credentials-invalid",
    )


CREDENTIAL_FIELDS = frozenset({"client_secret", "refresh_token", "private_key", "private_key_id"})
"""Fields of a credentials file that are secrets: masked in what Google answers."""


def _first_line(exc: BaseException) -> str:
    arg = exc.args[0] if exc.args else exc
    text = str(arg).strip() or type(exc).__name__
    return text.splitlines()[0]


# -- Application Default Credentials ----------------------------------------------------------


def _default(timeout: float) -> tuple[Credentials, str | None, AdcInfo]:
    """Application Default Credentials, looked for where google-auth looks (the file
    GOOGLE_APPLICATION_CREDENTIALS names, gcloud's ADC file, the Compute Engine metadata
    server), each file read and checked by ``read_credentials`` before google-auth loads it.
    ``google.auth.default()`` is never called: it would load whatever file the environment
    names, of any type."""
    env_value = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if env_value:
        source, path = "GOOGLE_APPLICATION_CREDENTIALS", Path(env_value).expanduser()
    elif gcloud_adc_path().exists():
        source, path = "gcloud", gcloud_adc_path()
    else:
        return _compute_engine(timeout)
    info = read_credentials(path)
    kind = str(info["type"])
    credentials = _load(path, info, kind)
    project = _explicit_project()
    if not project and kind == "service_account" and isinstance(info.get("project_id"), str):
        project = info["project_id"]
    if not project and source == "gcloud":
        found = _gcloud_project()
        project = found.value if found else None
    adc = AdcInfo(kind, source, path, project, _account(credentials, info))
    return credentials, project, adc


def _explicit_project() -> str | None:
    """The project google-auth takes from the environment before any credentials' own."""
    return os.environ.get("GOOGLE_CLOUD_PROJECT") or os.environ.get("GCLOUD_PROJECT") or None


def _compute_engine(timeout: float) -> tuple[Credentials, str | None, AdcInfo]:
    """The Compute Engine (or Cloud Run, GKE…) service account, when the metadata server
    answers; else no Application Default Credentials at all. No file is read."""
    from google.auth import compute_engine
    from google.auth.compute_engine import _metadata
    from google.auth.exceptions import GoogleAuthError

    request = _transport(timeout)
    try:  # one attempt: a metadata server answers at once where there is one
        on_google_cloud = _metadata.ping(request, retry_count=1) or (  # type: ignore[no-untyped-call]
            os.name != "nt" and _metadata.detect_gce_residency_linux()  # type: ignore[no-untyped-call]
        )
    except (GoogleAuthError, OSError, ValueError):
        on_google_cloud = False
    if not on_google_cloud:
        raise _adc_missing()
    project = _explicit_project()
    if not project:
        try:
            project = _metadata.get_project_id(request=request)  # type: ignore[no-untyped-call]
        except (GoogleAuthError, OSError, ValueError):
            project = None
    credentials = compute_engine.Credentials()  # type: ignore[no-untyped-call]
    where = _("the Google Cloud environment")
    return credentials, project, AdcInfo("compute_engine", where, None, project, None)


def _account(credentials: object, info: Mapping[str, Any]) -> str | None:
    for value in (
        getattr(credentials, "service_account_email", None),
        info.get("client_email"),
        getattr(credentials, "account", None),
        info.get("account"),
    ):
        if isinstance(value, str) and value and value != "default":
            return value
    return None


def find_adc(timeout: float = 10.0) -> AdcInfo:
    """The Application Default Credentials google-auth would use (cloud-platform scope).

    Raises ServiceError (code ``adc-missing``) with the command that creates them when there
    are none, or naming the problem with the file GOOGLE_APPLICATION_CREDENTIALS points at.
    """
    return _default(timeout)[2]


def check_token(credentials_file: str | os.PathLike[str] | None, timeout: float) -> str:
    """Obtain an access token (a real refresh) and return the account's email.

    ``credentials_file`` None means the Application Default Credentials. The email is empty
    when the credentials do not name their account (some gcloud user credentials).
    """
    return access_token(credentials_file, timeout)[1]


def access_token(
    credentials_file: str | os.PathLike[str] | None, timeout: float
) -> tuple[str, str]:
    """A fresh access token (cloud-platform scope) and the account's email (may be empty), as
    ``check_token`` gets them. The token is a secret: it goes only into a request's header."""
    if credentials_file is None:
        credentials, _project, adc = _default(timeout)
        kind, path = adc.kind, adc.path
        info = read_credentials(path) if path is not None else {}
    else:
        path = Path(credentials_file).expanduser()
        info = read_credentials(path)
        kind = str(info["type"])
        credentials = _load(path, info, kind)
    _refresh(credentials, kind, info, timeout)
    token = getattr(credentials, "token", None)
    if not isinstance(token, str) or not token:
        raise ServiceError(
            _("Google's token endpoint gave no access token; check the credentials file"),
            code="bad-answer",
        )
    return token, _account(credentials, info) or ""


def _load(path: Path, info: Mapping[str, Any], kind: str) -> Credentials:
    """Credentials from a file ``read_credentials`` checked, with the loader of its type (one
    of ``USABLE_TYPES``: google-auth never sees another)."""
    from google.auth.exceptions import GoogleAuthError
    from google.oauth2 import credentials as user_credentials
    from google.oauth2 import service_account

    scopes = [CLOUD_PLATFORM_SCOPE]
    loaded: Any
    try:
        if kind == "service_account":
            from_sa = service_account.Credentials.from_service_account_info
            loaded = from_sa(info, scopes=scopes)  # type: ignore[no-untyped-call]
        elif kind == "authorized_user":
            from_user = user_credentials.Credentials.from_authorized_user_info
            loaded = from_user(info, scopes=scopes)  # type: ignore[no-untyped-call]
        else:  # read_credentials refused every other type; never hand one to google-auth
            raise ValueError(kind)
    except (GoogleAuthError, ValueError, KeyError, TypeError) as exc:
        raise _unusable(path, exc) from None
    return cast("Credentials", loaded)


def _refresh(credentials: Credentials, kind: str, info: Mapping[str, Any], timeout: float) -> None:
    from google.auth.exceptions import RefreshError, TransportError

    token_uri = getattr(credentials, "_token_uri", None) or info.get("token_uri")
    parts = validation.split_url(str(token_uri)) if token_uri else None
    host = (parts.netloc if parts else "") or DEFAULT_TOKEN_HOST
    request = _transport(timeout)
    try:
        credentials.refresh(request)  # type: ignore[no-untyped-call]
    except RefreshError as exc:
        if kind == "authorized_user":
            fix = _("run `{command}` again").format(command=ADC_LOGIN)
        elif kind == "service_account":
            fix = _("create a new key for the service account")
        else:
            fix = _("check the credentials file")
        secrets = [str(v) for k, v in info.items() if k in CREDENTIAL_FIELDS and v]
        raise ServiceError(
            _("Google refused the credentials ({reason}); {fix}").format(
                reason=redact.mask(_first_line(exc), secrets), fix=fix
            ),
            code="refresh-refused",
        ) from None
    except (TypeError, KeyError, ValueError):
        raise ServiceError(
            _(
                "Google's token endpoint ({host}) gave an answer google-auth cannot read; check "
                "for a proxy that intercepts the request"
            ).format(host=host),
            code="bad-answer",
        ) from None
    except TransportError as exc:
        if getattr(request, "timed_out", False):
            raise ServiceError(
                _(
                    "Google's token endpoint ({host}) did not answer within {seconds:g} s; check "
                    "your network or proxy"
                ).format(host=host, seconds=timeout),
                code="timeout",
            ) from None
        raise ServiceError(
            _("Cannot reach Google's token endpoint ({host}): {reason}; check your network").format(
                host=host, reason=_first_line(exc)
            ),
            code="unreachable",
        ) from None


def _transport(timeout: float) -> GoogleRequest:
    """A google-auth transport on ``urllib``; all its requests share one deadline."""
    from google.auth import exceptions, transport

    deadline = time.monotonic() + timeout

    class Response(transport.Response):
        def __init__(self, status: int, headers: Mapping[str, str], data: bytes) -> None:
            self._status = status
            self._headers = {k.lower(): v for k, v in headers.items()}
            self._data = data

        @property
        def status(self) -> int:
            return self._status

        @property
        def headers(self) -> Mapping[str, str]:
            return self._headers

        @property
        def data(self) -> bytes:
            return self._data

    class Request(transport.Request):
        timed_out = False

        def _expired(self, cause: object) -> exceptions.TransportError:
            self.timed_out = True
            return exceptions.TransportError(f"no answer within {timeout:g} s ({cause})")  # type: ignore[no-untyped-call]

        def __call__(
            self,
            url: str,
            method: str = "GET",
            body: bytes | None = None,
            headers: Mapping[str, str] | None = None,
            timeout: float | None = None,
            **kwargs: Any,
        ) -> Response:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._expired("deadline passed")
            if timeout:
                remaining = min(remaining, float(timeout))
            req = urllib.request.Request(url, data=body, headers=dict(headers or {}), method=method)
            try:
                with redirects.opener().open(req, timeout=remaining) as answer:
                    return Response(answer.status, dict(answer.headers), answer.read())
            except urllib.error.HTTPError as exc:
                data = exc.read() if exc.fp is not None else b""
                exc.close()
                return Response(exc.code, dict(exc.headers or {}), data)
            except TimeoutError as exc:
                raise self._expired(exc) from exc
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    raise self._expired(exc.reason) from exc
                raise exceptions.TransportError(str(exc.reason)) from exc  # type: ignore[no-untyped-call]
            except (OSError, http.client.HTTPException) as exc:
                raise exceptions.TransportError(str(exc) or type(exc).__name__) from exc  # type: ignore[no-untyped-call]

    return Request()


# -- the project --------------------------------------------------------------------------------


def _active_gcloud_configuration(config_dir: Path) -> str:
    name = os.environ.get("CLOUDSDK_ACTIVE_CONFIG_NAME", "").strip()
    if name:
        return name
    try:
        name = (config_dir / "active_config").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        name = ""
    return name or "default"


def _gcloud_project() -> ProjectId | None:
    config_dir = gcloud_config_dir()
    name = _active_gcloud_configuration(config_dir)
    path = config_dir / "configurations" / f"config_{name}"
    parser = configparser.RawConfigParser()
    try:
        if not parser.read(path, encoding="utf-8"):
            return None
    except (configparser.Error, UnicodeDecodeError):
        return None
    value = parser.get("core", "project", fallback="").strip()
    if not value:
        return None
    return ProjectId(
        value, _("gcloud configuration '{name}' ({path})").format(name=name, path=path)
    )


def _file_projects(credentials_file: str | os.PathLike[str] | None) -> list[ProjectId]:
    if credentials_file is not None:
        path = Path(credentials_file).expanduser()
    elif os.environ.get("GOOGLE_APPLICATION_CREDENTIALS"):
        path = Path(os.environ["GOOGLE_APPLICATION_CREDENTIALS"]).expanduser()
    else:
        path = gcloud_adc_path()
    try:
        info = read_credentials(path)
    except ServiceError:
        return []
    return [
        ProjectId(str(info[field]).strip(), f"{path} ({field})")
        for field in ("project_id", "quota_project_id")
        if isinstance(info.get(field), str) and info[field].strip()
    ]


def project_candidates(
    credentials_file: str | os.PathLike[str] | None = None,
    variables: tuple[str, ...] = PROJECT_VARIABLES,
) -> list[ProjectId]:
    """Every project ID found, first choice first, each with where it came from.

    Order: the ``variables`` (default ``ANTHROPIC_VERTEX_PROJECT_ID``, ``GOOGLE_CLOUD_PROJECT``,
    ``GCLOUD_PROJECT``, ``CLOUDSDK_CORE_PROJECT``), the active gcloud configuration's
    ``[core] project``, then the credentials file's ``project_id`` and ``quota_project_id``
    (``credentials_file``, else GOOGLE_APPLICATION_CREDENTIALS, else gcloud's ADC file).
    """
    found = [
        ProjectId(os.environ[name].strip(), name)
        for name in variables
        if os.environ.get(name, "").strip()
    ]
    gcloud = _gcloud_project()
    if gcloud is not None:
        found.append(gcloud)
    found.extend(_file_projects(credentials_file))
    return found


def find_project(
    credentials_file: str | os.PathLike[str] | None = None,
    variables: tuple[str, ...] = PROJECT_VARIABLES,
) -> ProjectId | None:
    """The project ID to use, with its source; None when none is configured anywhere.
    ``variables``: the environment variables looked at first (default: Vertex AI's)."""
    candidates = project_candidates(credentials_file, variables)
    return candidates[0] if candidates else None


# -- regions and models ------------------------------------------------------------------------


def vertex_regions() -> list[str]:
    return list(VERTEX_REGIONS)


_NEW_STYLE = re.compile(r"^claude-(opus|sonnet|haiku|fable)-(\d+)(?:-(\d{1,2}))?(?:-\d{8})?$")
_OLD_STYLE = re.compile(r"^claude-(\d+)-(\d+)-(opus|sonnet|haiku)(?:-v\d+)?(?:-\d{8})?$")


def vertex_region_variable(model_id: str) -> str | None:
    """The ``VERTEX_REGION_*`` variable Claude Code reads for ``model_id`` (None: no such one):
    the catalogue's, else by Claude Code's naming rule.

    ``claude-sonnet-4-6`` → ``VERTEX_REGION_CLAUDE_4_6_SONNET``, ``claude-opus-4@20250514`` →
    ``…_4_0_OPUS``, ``claude-opus-5`` → ``…_5_OPUS``, ``claude-haiku-4-5`` → ``…_HAIKU_4_5``,
    ``claude-fable-5`` → ``…_FABLE_5``, ``claude-3-5-haiku@20241022`` → ``…_3_5_HAIKU``.
    """
    known = catalogue.lookup("vertex", model_id)
    if known is not None and known.vertex_region_env_var:
        return known.vertex_region_env_var
    bare = model_id.strip().removesuffix(catalogue.ONE_M_SUFFIX).split("@", 1)[0]
    new = _NEW_STYLE.fullmatch(bare)
    if new:
        family, major, minor = new.group(1).upper(), new.group(2), new.group(3)
        if family in ("HAIKU", "FABLE"):
            version = f"{major}_{minor}" if minor else major
            return f"VERTEX_REGION_CLAUDE_{family}_{version}"
        if minor:
            version = f"{major}_{minor}"
        else:
            version = f"{major}_0" if int(major) < 5 else major
        return f"VERTEX_REGION_CLAUDE_{version}_{family}"
    old = _OLD_STYLE.fullmatch(bare)
    if old:
        return f"VERTEX_REGION_CLAUDE_{old.group(1)}_{old.group(2)}_{old.group(3).upper()}"
    return None


def vertex_models(region: str) -> list[VertexModel]:
    """The catalogue's Vertex AI models, newest first, with their region override variable.

    Offline, the catalogue cannot say which of them ``region`` serves; with ``global``, a model
    that lacks a global endpoint needs its ``VERTEX_REGION_*`` variable set to a region.
    """
    del region  # availability per region is not in the catalogue
    out = []
    for model in catalogue.models("vertex"):
        model_id = model.vertex_id
        assert model_id is not None
        out.append(VertexModel(model, model_id, vertex_region_variable(model_id)))
    return out
