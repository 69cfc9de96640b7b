"""`python manage.py retention --season YEAR [--dry-run] [--now]`."""

import getpass
import io

import pytest
from django.core.management import CommandError, call_command

from ish.nominations.models import Nomination
from ish.retention.models import RetentionRun


def retention(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("retention", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def row(output: str, label: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith(label))
    return line.removeprefix(label).split()


@pytest.mark.usefixtures("due")
def test_the_command_prints_the_counts_before_and_after_with_a_progress_bar(past):
    out, err = retention("--season", "2025")

    assert row(out, "nominations with personal data") == ["1", "0"]
    assert row(out, "nominations ") == ["1", "1"]
    assert row(out, "documents (current and replaced)") == ["6", "0"]
    assert row(out, "files on disk") == ["7", "0"]
    assert row(out, "audit entries with personal values")[1] == "0"
    assert "2/2" in err  # a student and an applicant
    run = RetentionRun.objects.get()
    assert run.run_by is None
    # The season's page names how it was run, not as beat's daily run.
    assert run.run_by_label == f"manage.py retention ({getpass.getuser()})"


@pytest.mark.usefixtures("due")
def test_a_dry_run_prints_what_would_go_and_changes_nothing(past):
    out, _err = retention("--season", "2025", "--dry-run")

    assert row(out, "nominations with personal data") == ["1", "1"]
    assert row(out, "nominations ") == ["1"]  # kept: nothing would go
    assert "Dry run: nothing was changed." in out
    assert not RetentionRun.objects.exists()
    assert Nomination.objects.get(pk=past.nomination.pk).anonymised_at is None


def test_the_command_refuses_a_season_before_its_due_date_unless_told_now(past):
    with pytest.raises(CommandError, match=r"kept until 2026-08-13.*--now"):
        retention("--season", "2025")
    assert not RetentionRun.objects.exists()

    out, _err = retention("--season", "2025", "--now")

    assert "due for anonymisation on 2026-08-13" in out
    assert RetentionRun.objects.get().early is True


@pytest.mark.usefixtures("due")
def test_the_command_says_so_for_a_season_done_already_or_unknown(past):
    retention("--season", "2025")

    with pytest.raises(CommandError, match="anonymised already"):
        retention("--season", "2025")
    with pytest.raises(CommandError, match="no season 1999"):
        retention("--season", "1999")
