"""Placeholder until this workflow's views are written."""

from django.http import Http404


def review_detail(request, **kwargs):
    raise Http404


def review_open(request, **kwargs):
    raise Http404


def review_conclude(request, **kwargs):
    raise Http404
