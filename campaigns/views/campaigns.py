"""Placeholder until this workflow's views are written."""

from django.http import Http404


def campaign_list(request, **kwargs):
    raise Http404


def campaign_create(request, **kwargs):
    raise Http404


def campaign_detail(request, **kwargs):
    raise Http404


def campaign_edit(request, **kwargs):
    raise Http404


def campaign_launch(request, **kwargs):
    raise Http404


def focus_area_add(request, **kwargs):
    raise Http404


def focus_area_edit(request, **kwargs):
    raise Http404


def milestone_add(request, **kwargs):
    raise Http404


def milestone_edit(request, **kwargs):
    raise Http404


def document_add(request, **kwargs):
    raise Http404


def document_download(request, **kwargs):
    raise Http404
