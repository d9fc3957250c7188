"""The command line's parser: commands, options, and the ``Setup`` an ``apply`` builds."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from typing import Any, NoReturn

from wizard import __version__, validation
from wizard.cli.argparse_text import speak_argparse
from wizard.errors import UsageError, WizardError
from wizard.i18n import LANGUAGES, _, set_language
from wizard.model import GATEWAY_APIS, PROVIDERS, SCOPES, Setup, SetupError

OPTION_NAMES: dict[str, str] = {
    f.name: "--" + f.name.replace("_", "-") for f in dataclasses.fields(Setup)
}
"""The command-line option of each ``Setup`` field: how this face names a field in an error."""
OPTION_NAMES["secret"] = "--secret-stdin"

SECRET_OPTIONS = (
    "--api-key",
    "--secret",
    "--secret-access-key",
    "--aws-secret-access-key",
    "--bedrock-api-key",
    "--foundry-api-key",
    "--gateway-key",
)


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors in our one-line form and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{message} (see {prog} --help)").format(message=message, prog=self.prog))


class RefuseSecret(argparse.Action):
    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        raise WizardError(
            _(
                "{option}: secrets are never taken as command-line arguments (they would show in "
                "the shell history and the process list); pipe the secret in with "
                "--secret-stdin"
            ).format(option=option)
        )


def positive_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a whole number").format(text=text)
        ) from None


def checked(check: Callable[[str, str], None]) -> Callable[[str], str]:
    """An argparse ``type`` that runs a ``validation`` check: a bad value is a usage error
    (exit 2) before anything is read, asked or written."""

    def convert(text: str) -> str:
        try:
            check("value", text)
        except SetupError as exc:
            raise argparse.ArgumentTypeError(exc.reason) from None
        return text

    return convert


def _any_region(field: str, value: str) -> None:
    if not (validation.AWS_REGION.fullmatch(value) or validation.VERTEX_REGION.fullmatch(value)):
        validation.check_aws_region(field, value)


def _https_start_url(field: str, value: str) -> None:
    if validation.has_control_characters(value) or any(ch.isspace() for ch in value):
        raise SetupError(field, _("contains a space, a line break or a control character"))
    parts = validation.split_url(value)
    if parts is None or parts.scheme != "https" or not parts.hostname or "@" in parts.netloc:
        raise SetupError(
            field,
            _(
                "the SSO start URL must begin with https:// (for example "
                "https://my-company.awsapps.com/start); copy it from the AWS access portal"
            ),
        )


def _sso_name(field: str, value: str) -> None:
    if not SSO_NAME.fullmatch(value):
        raise SetupError(
            field,
            _(
                "'{name}' cannot name an AWS profile or sso-session; use letters, digits and "
                "- _ . @ + only"
            ).format(name=value),
        )


def _account_id(field: str, value: str) -> None:
    if not ACCOUNT_ID.fullmatch(value):
        raise SetupError(
            field, _("'{value}' is not an AWS account ID; give its 12 digits").format(value=value)
        )


def _role_name(field: str, value: str) -> None:
    if not ROLE_NAME.fullmatch(value):
        raise SetupError(field, _("'{value}' is not an IAM role name").format(value=value))


SSO_NAME = validation.SSO_NAME
ACCOUNT_ID = validation.AWS_ACCOUNT_ID
ROLE_NAME = validation.IAM_ROLE_NAME
AWS_REGION = checked(validation.check_aws_region)
PROFILE = checked(validation.check_profile_name)
AWS_PROFILE = checked(validation.check_aws_profile_name)
BASE_URL = checked(validation.check_base_url)
PLAIN = checked(validation.check_plain_text)
GOOGLE_CLOUD_NAME = checked(validation.check_google_cloud_name)


def build_parser() -> Parser:
    speak_argparse()
    parser = Parser(
        prog="claude-setup",
        description=_(
            "Set up Claude Code for the Anthropic API, Amazon Bedrock, Google Vertex "
            "AI, Microsoft Foundry, Claude Platform on AWS or Google Cloud, Bedrock Mantle or "
            "an LLM gateway, with secrets in the OS keyring. "
            "With no command, starts the interactive wizard."
        ),
    )
    parser.add_argument("--version", action="version", version=f"claude-setup {__version__}")
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help=_(
            "the language to speak: {languages} (default: from LC_ALL, LC_MESSAGES, LANG)"
        ).format(languages=", ".join(LANGUAGES)),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    apply = commands.add_parser("apply", help=_("apply a setup without questions"))
    add_setup_options(apply)
    add_dry_run(apply)
    apply.add_argument("--yes", action="store_true", help=_("do not ask before writing"))

    for name, text in (
        ("status", _("what is configured now, per scope")),
        ("profiles", _("the saved profiles")),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--json", action="store_true", help=_("print JSON"))

    use = commands.add_parser("use", help=_("switch to a saved profile"))
    use.add_argument("name", metavar="NAME", type=PROFILE)
    add_dry_run(use)

    remove = commands.add_parser(
        "remove", help=_("forget a saved profile and delete its keyring entries")
    )
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--yes", action="store_true", help=_("do not ask first"))

    commands.add_parser(
        "undo", help=_("restore the files and keyring entries as they were before the last change")
    )
    doctor = commands.add_parser("doctor", help=_("check the configuration"))
    doctor.add_argument("--json", action="store_true", help=_("print JSON"))
    doctor.add_argument(
        "--offline",
        action="store_true",
        help=_("run no command and send no request: only read the files"),
    )

    trust = commands.add_parser(
        "trust",
        help=_(
            "trust this folder's .claude settings, after seeing what they run, load and "
            "contact (as Claude Code's trust dialog does)"
        ),
    )
    trust.add_argument("--yes", action="store_true", help=_("do not ask first"))
    trust.add_argument(
        "--forget", action="store_true", help=_("forget that you trusted this folder")
    )

    run = commands.add_parser(
        "run",
        help=_("start a command with the profile's environment-only secret"),
        usage="claude-setup run [--profile NAME] -- COMMAND [ARGS...]",
    )
    run.add_argument(
        "--profile", metavar="NAME", type=PROFILE, help=_("default: the profile applied last")
    )
    run.add_argument("argv", nargs=argparse.REMAINDER, metavar="COMMAND")

    discover = commands.add_parser(
        "discover", help=_("what your credentials can use: accounts, regions, models")
    )
    add = discover.add_argument
    add(
        "provider",
        choices=(
            "bedrock", "aws-profiles", "vertex", "anthropic", "gateway",
            "anthropic-aws", "mantle", "anthropic-google-cloud",
        ),
    )  # fmt: skip
    add(
        "--region",
        action="append",
        metavar="R",
        type=checked(_any_region),
        help=_("a region (repeat for several)"),
    )
    add("--all-regions", action="store_true", help=_("Bedrock: every region it serves"))
    add("--aws-profile", metavar="NAME", type=AWS_PROFILE)
    add(
        "--credentials-file",
        metavar="PATH",
        type=PLAIN,
        help=_("Vertex: a service-account key file"),
    )
    add("--base-url", metavar="URL", type=BASE_URL)
    add("--gateway-api", choices=("anthropic", "bedrock", "vertex"))
    add(
        "--workspace-id",
        metavar="ID",
        type=GOOGLE_CLOUD_NAME,
        help=_("Claude Platform on AWS or Google Cloud: the workspace whose models to list"),
    )
    add(
        "--project-id",
        metavar="ID",
        type=GOOGLE_CLOUD_NAME,
        help=_("Claude Platform on Google Cloud: the project"),
    )
    add("--profile", metavar="NAME", type=PROFILE, help=_("use the key stored for this profile"))
    add("--secret-stdin", action="store_true", help=_("read the key from standard input"))
    add("--json", action="store_true", help=_("print JSON"))

    policy = commands.add_parser(
        "iam-policy",
        help=_("print a least-privilege IAM policy (Bedrock, Claude Platform on AWS, Mantle)"),
    )
    policy.add_argument(
        "--profile", metavar="NAME", help=_("what a saved profile calls (Google Cloud: advice)")
    )
    policy.add_argument("--region", metavar="R", type=AWS_REGION)
    policy.add_argument(
        "--model",
        action="append",
        metavar="ID",
        type=checked(validation.check_bedrock_model),
        help=_("an inference profile ID or ARN (repeat for several)"),
    )
    policy.add_argument("--fast-model", metavar="ID", help=_("the fast (haiku) model"))
    policy.add_argument(
        "--fast-model-region",
        metavar="R",
        type=AWS_REGION,
        help=_("where the fast model is called"),
    )
    policy.add_argument("--aws-profile", metavar="NAME", type=AWS_PROFILE)
    policy.add_argument(
        "--account-id",
        metavar="ID",
        type=checked(_account_id),
        help=_("default: the account of the credentials"),
    )

    sso_login = commands.add_parser(
        "sso-login", help=_("sign in to AWS SSO for a profile (awsAuthRefresh without the AWS CLI)")
    )
    sso_login.add_argument("name", metavar="PROFILE", type=AWS_PROFILE)
    add_no_browser(sso_login)

    sso_setup = commands.add_parser(
        "sso-setup", help=_("create an AWS SSO profile in ~/.aws/config by signing in")
    )
    add = sso_setup.add_argument
    add(
        "--start-url",
        required=True,
        metavar="URL",
        type=checked(_https_start_url),
        help=_("the AWS access portal, https://….awsapps.com/start"),
    )
    add(
        "--sso-region",
        required=True,
        metavar="R",
        type=AWS_REGION,
        help=_("the region of IAM Identity Center"),
    )
    add("--profile-name", required=True, metavar="NAME", type=checked(_sso_name))
    add(
        "--session-name",
        metavar="NAME",
        type=checked(_sso_name),
        help=_("the [sso-session] name (default: the profile name)"),
    )
    add("--account-id", metavar="ID", type=checked(_account_id))
    add("--role-name", metavar="ROLE", type=checked(_role_name))
    add(
        "--region",
        metavar="R",
        type=AWS_REGION,
        help=_("the profile's default region (default: --sso-region)"),
    )
    add_no_browser(sso_setup)

    add_team_commands(commands)

    commands.add_parser(
        "key", help=_("(for apiKeyHelper) print the stored key"), usage="claude-setup key PROFILE"
    )
    commands.add_parser(
        "aws-credentials",
        help=_("(for credential_process) print the credential JSON"),
        usage="claude-setup aws-credentials PROFILE",
    )
    return parser


def add_team_commands(commands: Any) -> None:
    """``export`` and ``import``: a saved profile as a team file, and back."""
    export = commands.add_parser("export", help=_("write a saved profile as a team setup file"))
    export.add_argument("name", metavar="NAME", type=PROFILE)
    export.add_argument(
        "--output", metavar="FILE", help=_("write to FILE (default: standard output)")
    )
    export.add_argument("--description", metavar="TEXT", default="", help=_("what it is for"))
    export.add_argument(
        "--yes",
        action="store_true",
        help=_("write a helper command and replace an existing --output FILE without asking"),
    )

    team = commands.add_parser(
        "import", help=_("set up from a team setup file, adding only your own values")
    )
    add = team.add_argument
    add("file", metavar="FILE")
    add("--scope", choices=SCOPES, default="user", help=_("which settings file (default: user)"))
    add("--profile", metavar="NAME", type=PROFILE, help=_("default: the file's name"))
    add(
        "--secret-stdin",
        action="store_true",
        help=_("read the one secret from the first line of standard input"),
    )
    add(
        "--aws-profile",
        metavar="NAME",
        type=AWS_PROFILE,
        help=_(
            "asked on import: your AWS profile (a team's SSO setup: the name of the profile "
            "it writes; default: the file's name)"
        ),
    )
    add(
        "--aws-access-key-id",
        metavar="ID",
        type=checked(validation.check_access_key_id),
        help=_("asked on import: your AWS access key ID"),
    )
    add(
        "--credentials-file",
        metavar="PATH",
        type=PLAIN,
        help=_("asked on import: your service-account key"),
    )
    add_dry_run(team)
    add("--yes", action="store_true", help=_("do not ask before writing"))
    for option in SECRET_OPTIONS:
        add(option, action=RefuseSecret, nargs="?", help=argparse.SUPPRESS)


def choose_language(argv: list[str]) -> None:
    """``--lang`` (before the command) must act before any text is made, ``--help`` included."""
    for index, arg in enumerate(argv):
        if not arg.startswith("-") or arg == "--":
            return
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value is not None:
            try:
                set_language(value)
            except ValueError:
                raise UsageError(
                    _("--lang: '{value}' is not a language claude-setup speaks ({choices})").format(
                        value=value, choices=", ".join(LANGUAGES)
                    )
                ) from None
            return


def add_no_browser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help=_("print the sign-in address instead of opening a browser"),
    )


def add_dry_run(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help=_("print what would change and write nothing")
    )


def add_setup_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--provider", required=True, metavar="|".join(PROVIDERS), help=_("where Claude runs"))
    add("--auth", required=True, metavar="METHOD", help=_("how to authenticate (see README)"))
    add(
        "--gateway-api",
        metavar="|".join(GATEWAY_APIS),
        help=_("the API a gateway speaks (default: anthropic)"),
    )
    add("--base-url", metavar="URL", help=_("the provider's or gateway's address"))
    add("--region", metavar="R", help=_("AWS or Google Cloud region"))
    add("--fast-model-region", metavar="R", help=_("AWS region of the fast model"))
    add("--project-id", metavar="ID", help=_("Google Cloud project ID"))
    add("--credentials-file", metavar="PATH", help=_("Google service-account key file"))
    add("--foundry-resource", metavar="NAME", help=_("Azure resource name of Foundry"))
    add(
        "--workspace-id",
        metavar="ID",
        help=_("Claude Platform on AWS or Google Cloud: the workspace ID"),
    )
    add(
        "--service-tier",
        metavar="TIER",
        help=_("Bedrock: the service tier of each request (default: on demand)"),
    )
    add(
        "--gateway-mode",
        action="store_true",
        help=_(
            "Anthropic-format gateway: run Claude Code in its gateway mode (token from "
            "claude-setup run, not in project scope, no calls to Anthropic's hosts)"
        ),
    )
    add("--aws-profile", metavar="NAME", help=_("AWS profile (sso, aws-profile)"))
    add("--aws-access-key-id", metavar="ID", help=_("AWS access key ID (access-keys)"))
    add("--helper-command", metavar="CMD", help=_("your command that prints the credential"))
    add("--helper-ttl-ms", metavar="N", type=positive_int, help=_("how long a key is cached"))
    add("--model", metavar="ID", help=_("the main model"))
    add("--opus-model", metavar="ID", help=_("the model behind Claude Code's opus alias"))
    add("--sonnet-model", metavar="ID", help=_("the model behind Claude Code's sonnet alias"))
    add("--fast-model", metavar="ID", help=_("the small, fast model (the haiku alias)"))
    add("--fable-model", metavar="ID", help=_("the model behind Claude Code's fable alias"))
    add(
        "--vertex-region",
        action="append",
        metavar="MODEL=REGION",
        help=_("Vertex AI: call MODEL in REGION (VERTEX_REGION_*); repeat for several"),
    )
    add(
        "--custom-header",
        action="append",
        metavar="'NAME: VALUE'",
        help=_("gateway: a header sent with every request (no secret); repeat for several"),
    )
    add(
        "--secret-header",
        metavar="NAME",
        help=_("gateway --auth header: the header whose value (the key) comes by --secret-stdin"),
    )
    add(
        "--disable-prompt-caching",
        action="store_true",
        help=_("for a provider or region without prompt caching"),
    )
    add(
        "--disable-experimental-betas",
        action="store_true",
        help=_("for gateways that reject anthropic-beta headers"),
    )
    add("--max-output-tokens", metavar="N", type=positive_int)
    add("--max-thinking-tokens", metavar="N", type=positive_int)
    add("--scope", choices=SCOPES, default="user", help=_("which settings file (default: user)"))
    add(
        "--profile",
        metavar="NAME",
        default="",
        help=_("save as this profile (default: the provider's name)"),
    )
    add(
        "--secret-stdin",
        action="store_true",
        help=_("read the one secret from the first line of standard input"),
    )
    add(
        "--plaintext-secrets",
        action="store_true",
        help=_("write environment-only secrets into settings.json (not recommended)"),
    )
    add(
        "--allow-plain-http",
        action="store_true",
        help=_(
            "let the credential go to a plain http:// address off this machine (it can be "
            "read on the way)"
        ),
    )
    add(
        "--only-credential",
        action="store_true",
        help=_(
            "with --scope local, when the project's .claude/settings.json already chooses the "
            "provider: write only your own credential; the project's values fill the options "
            "not given"
        ),
    )
    for option in SECRET_OPTIONS:
        add(option, action=RefuseSecret, nargs="?", help=argparse.SUPPRESS)


SETUP_FIELDS = (
    "provider",
    "auth",
    "gateway_api",
    "base_url",
    "region",
    "fast_model_region",
    "project_id",
    "credentials_file",
    "foundry_resource",
    "workspace_id",
    "service_tier",
    "gateway_mode",
    "aws_profile",
    "aws_access_key_id",
    "helper_command",
    "helper_ttl_ms",
    "model",
    "opus_model",
    "sonnet_model",
    "fast_model",
    "fable_model",
    "vertex_region",
    "custom_header",
    "secret_header",
    "disable_prompt_caching",
    "disable_experimental_betas",
    "max_output_tokens",
    "max_thinking_tokens",
    "scope",
    "profile",
    "plaintext_secrets",
    "allow_plain_http",
    "only_credential",
)


REPEATED_FIELDS = ("vertex_region", "custom_header")


def check_trusted_choice(report: dict[str, Any], choice: dict[str, str]) -> None:
    """Your credential is bound to a project's choice only once you trust the folder: the
    refusal names the provider and the address the project chose."""
    from wizard import endpoints, labels

    if report["folder"]["trusted_by"] is not None:
        return
    where = choice.get("base_url")
    raise WizardError(
        _(
            "--only-credential: this folder's .claude/settings.json chooses {provider}{at}, and "
            "the folder is not trusted; look at it, then run 'claude-setup trust' to use it "
            "with your credential"
        ).format(
            provider=labels.provider_title(choice["provider"]),
            at=_(" at {host}").format(host=endpoints.shown(where)) if where else "",
        )
    )


def setup_from(options: argparse.Namespace) -> Setup:
    """The ``Setup`` of an ``apply`` command line; a bad option value is a usage error (exit 2),
    whichever option it is: an unknown ``--provider`` as much as an unknown ``--scope``."""
    from wizard.providers.registry import check_choices, check_fields, check_formats

    values = {name: getattr(options, name) for name in SETUP_FIELDS}
    if values["only_credential"]:
        from wizard import status

        report = status.collect()
        choice = status.team_choice(report) or {}
        if choice.get("provider") != values["provider"]:
            raise UsageError(
                _(
                    "--only-credential: the project's .claude/settings.json does not choose "
                    "{provider} (it chooses {chosen})"
                ).format(provider=values["provider"], chosen=choice.get("provider", _("none")))
            )
        check_trusted_choice(report, choice)
        for name, value in choice.items():
            if values.get(name) is None:
                values[name] = value
        if not values["profile"]:
            from pathlib import Path

            from wizard.profiles import project_profile_name

            values["profile"] = project_profile_name(values["provider"], Path.cwd())
    for name in REPEATED_FIELDS:
        values[name] = tuple(values[name] or ())
    setup = Setup(**values)
    try:
        module = check_choices(setup)
        check_fields(setup, module)
        check_formats(setup, module)
    except SetupError as exc:
        raise UsageError(
            _("{message} (see {prog} apply --help)").format(
                message=f"{OPTION_NAMES.get(exc.field, exc.field)}: {exc.reason}",
                prog="claude-setup",
            )
        ) from None
    return setup
