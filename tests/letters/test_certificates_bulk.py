"""Every certificate of a season at once, through the export mechanism (kind `certificates`): a
ZIP with one PDF per participant who completed the programme, named by participant, and one
merged PDF with as many pages; built by the worker with its progress; the office's only."""

import io
import zipfile

import pytest

from ish.letters import exports
from ish.programme.completion import set_completion
from ish.rosters import services
from ish.rosters.models import ExportJob
from tests.letters.certificate_data import NAMES, after_the_programme, api_client_of
from tests.letters.pdf import page_count, pdf_text

pytestmark = pytest.mark.django_db
URL = "/api/v1/exports/"


def built(user, season, language="en") -> ExportJob:
    job = services.request_export(user=user, kind="certificates", season=season, language=language)
    services.run_export(job.pk)
    job.refresh_from_db()
    return job


def test_the_zip_holds_one_pdf_per_completed_participant_and_the_merged_one(farewell):
    not_completed = set_completion(farewell.people["Hebrew"], False, actor=farewell.organiser)
    with after_the_programme():
        job = built(farewell.organiser, farewell.season)

    assert (job.status, job.progress, job.rows) == ("done", 100, 4)
    assert job.filename.endswith(".zip")
    with job.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        names = archive.namelist()
        pdfs = {name: archive.read(name) for name in names}
    merged = [name for name in names if "all certificates" in name]
    assert merged == ["ISH 2027 – all certificates for printing.pdf"]
    singles = {name: pdf for name, pdf in pdfs.items() if name not in merged}
    expected = {
        f"{given} {family}"
        for script, (given, family) in NAMES.items()
        if script != not_completed_script(not_completed)
    }
    assert {name.rsplit(" ISH-2027-CRT-", 1)[0] for name in singles} == expected
    for name, pdf in singles.items():
        assert name.rsplit(" ISH-2027-CRT-", 1)[0] in pdf_text(pdf)
        assert page_count(pdf) == 1
    assert page_count(pdfs[merged[0]]) == len(singles)


def not_completed_script(nomination) -> str:
    return next(script for script, (given, _f) in NAMES.items() if given == nomination.given_name)


def test_the_job_reports_its_progress_as_each_certificate_is_written(farewell, monkeypatch):
    seen = []
    render = exports.render

    def render_and_look(*args, **kwargs):
        seen.append(ExportJob.objects.values_list("status", "progress").get())
        return render(*args, **kwargs)

    monkeypatch.setattr(exports, "render", render_and_look)
    with after_the_programme():
        job = built(farewell.organiser, farewell.season)

    assert [status for status, _progress in seen] == ["running"] * 5
    progress = [percent for _status, percent in seen]
    assert progress == sorted(progress)
    assert progress[0] == 0
    assert 0 < progress[-1] < 100
    assert job.progress == 100


def test_the_certificates_are_in_the_language_the_job_was_asked_in(farewell):
    with after_the_programme():
        job = built(farewell.organiser, farewell.season, language="de")

    with job.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        first = archive.read(archive.namelist()[0])
    assert "Urkunde" in pdf_text(first)


def test_a_language_the_certificate_is_not_written_in_gives_english(farewell):
    with after_the_programme():
        job = built(farewell.organiser, farewell.season, language="fr")

    with job.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        first = archive.read(archive.namelist()[0])
    assert "Certificate" in pdf_text(first)


def test_generating_all_again_keeps_every_reference(farewell):
    with after_the_programme():
        first = built(farewell.organiser, farewell.season)
        again = built(farewell.organiser, farewell.season)

    def names(job):
        with job.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
            return set(archive.namelist())

    assert names(first) == names(again)


def test_the_office_starts_it_through_the_api_and_downloads_a_zip(
    farewell, django_capture_on_commit_callbacks
):
    client = api_client_of(farewell.organiser)
    with after_the_programme():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, {"kind": "certificates", "season": farewell.season.pk})
        assert response.status_code == 202, response.data
        job = ExportJob.objects.get()
        assert job.kind == "certificates"
        download = client.get(f"{URL}{job.pk}/download/")

    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert job.filename in download["Content-Disposition"]
    body = b"".join(download.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None


@pytest.mark.parametrize("who", ["coordinator", "lab_host"])
def test_other_roles_may_not_ask_for_it(farewell, who):
    response = api_client_of(getattr(farewell, who)).post(
        URL, {"kind": "certificates", "season": farewell.season.pk}
    )

    assert response.status_code == 403
    assert not ExportJob.objects.exists()
