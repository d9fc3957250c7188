"""The permissions Claude Code needs on Claude Platform on AWS, Bedrock Mantle and Claude
Platform on Google Cloud: least-privilege IAM policies for the AWS ones, advice for Google's.

Sources, in the order used:
- Claude Platform on AWS: "IAM actions for Claude Platform on AWS"
  (platform.claude.com/docs/en/api/claude-platform-on-aws-iam-actions, also
  docs.aws.amazon.com/claude-platform/latest/userguide/iam-actions.html): every route maps to
  an ``aws-external-anthropic`` action on the workspace
  ``arn:aws:aws-external-anthropic:{region}:{account-id}:workspace/{workspace-id}``;
  ``CreateInference`` authorizes ``POST /v1/messages``, ``CountTokens``
  ``POST /v1/messages/count_tokens``, ``ListModels``/``GetModel`` the model routes.
- Bedrock Mantle: Amazon Bedrock User Guide, "Making inference requests", ``bedrock-mantle``
  endpoint (``CreateInference``, ``GetProject``, ``ListProjects`` on ``*``), and the AWS
  managed policy AmazonBedrockMantleInferenceAccess (``CallWithBearerToken`` on ``*`` for a
  Bedrock API key).
- Claude Platform on Google Cloud: "IAM permissions for Claude Models on Google Cloud (Anthropic
  managed)" (platform.claude.com/docs/en/api/claude-models-on-google-cloud-anthropic-managed-iam-
  permissions): roles are granted on the project; ``roles/claude.viewer`` holds the get and list
  permissions, ``roles/claude.user`` adds ``messages.create`` and ``messages.countTokens``.
"""

from __future__ import annotations

from typing import Any

from wizard.i18n import _
from wizard.services.errors import ServiceError
from wizard.services.platforms import workspace_arn
from wizard.validation import AWS_REGION

ANTHROPIC_AWS_ACTIONS = (
    "aws-external-anthropic:CreateInference",
    "aws-external-anthropic:CountTokens",
    "aws-external-anthropic:GetModel",
    "aws-external-anthropic:ListModels",
)
MANTLE_ACTIONS = (
    "bedrock-mantle:CreateInference",
    "bedrock-mantle:GetProject",
    "bedrock-mantle:ListProjects",
)
MANTLE_BEARER_ACTION = "bedrock-mantle:CallWithBearerToken"
GOOGLE_CLOUD_ROLE = "roles/claude.user"
GOOGLE_CLOUD_IAM_PAGE = (
    "https://platform.claude.com/docs/en/api/"
    "claude-models-on-google-cloud-anthropic-managed-iam-permissions"
)


def anthropic_aws_policy(region: str, workspace_id: str, account: str = "*") -> dict[str, Any]:
    """What Claude Code calls on the workspace: messages, token counts, models."""
    if not AWS_REGION.fullmatch(region):
        raise ServiceError(_("'{region}' is not an AWS region").format(region=region))
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ClaudeCodeOnTheWorkspace",
                "Effect": "Allow",
                "Action": list(ANTHROPIC_AWS_ACTIONS),
                "Resource": workspace_arn(region, workspace_id, account),
            }
        ],
    }


def mantle_policy(bearer_token: bool) -> dict[str, Any]:
    """Inference through ``bedrock-mantle``; with a Bedrock API key, also the right to call
    with a bearer token."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "MantleInference",
            "Effect": "Allow",
            "Action": list(MANTLE_ACTIONS),
            "Resource": "*",
        }
    ]
    if bearer_token:
        statements.append(
            {
                "Sid": "MantleBedrockApiKey",
                "Effect": "Allow",
                "Action": [MANTLE_BEARER_ACTION],
                "Resource": "*",
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def google_cloud_advice(project: str, account: str | None = None) -> list[str]:
    """What the principal Claude Code runs as needs, in lines for a person."""
    member = f"user:{account}" if account and not account.endswith(
        ".gserviceaccount.com") else (f"serviceAccount:{account}" if account else "PRINCIPAL")
    return [
        _("Claude Platform on Google Cloud checks Google Cloud IAM permissions of the "
          "claude.googleapis.com service; roles are granted on the project."),
        _("Grant the principal Claude Code runs as {role} (Claude User) on project {project}: "
          "it can send messages (messages.create) and count tokens (messages.countTokens), "
          "which Claude Code does.").format(role=GOOGLE_CLOUD_ROLE, project=project),
        _("roles/claude.viewer (Claude Viewer) only reads (get and list): Claude Code cannot "
          "send messages with it."),
        f"  gcloud projects add-iam-policy-binding {project} --member={member} "
        f"--role={GOOGLE_CLOUD_ROLE}",
        _("Source: {url}").format(url=GOOGLE_CLOUD_IAM_PAGE),
    ]
