"""The wizard paints its first frame without the slow cloud libraries: they load in workers."""

from __future__ import annotations

import subprocess
import sys


def test_the_wizard_app_imports_without_boto3_or_google_auth() -> None:
    code = (
        "import sys\n"
        "from wizard.tui.app import make_app\n"
        "from wizard.tui.screens import auth_form, gateway, models, region, review, welcome\n"
        "from wizard.tui.screens import done, sso_signin\n"
        "make_app()\n"
        "loaded = [m for m in ('boto3', 'botocore', 'google.auth') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_wizards_flow_state_and_checks_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        "from wizard.tui import discovery, fields, flow, models, state\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
