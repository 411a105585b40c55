"""Placeholder until this workflow's views are written."""

from django.http import Http404


def party_progress(request, **kwargs):
    raise Http404


def report_submit(request, **kwargs):
    raise Http404


def report_review(request, **kwargs):
    raise Http404


def evidence_download(request, **kwargs):
    raise Http404


def reports_pending(request, **kwargs):
    raise Http404
